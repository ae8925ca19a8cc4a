package io.lockerism.interest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockerism.app.Components;
import io.lockerism.config.AppConfig;
import io.lockerism.engine.HeCiphertext;
import io.lockerism.engine.HeClient;
import io.lockerism.locker.Vault;
import io.lockerism.model.LikeAction;
import io.lockerism.model.PlaintextScorer;
import io.lockerism.model.Snapshot;
import io.lockerism.store.Database;
import io.lockerism.testing.PostgresTestDatabase;
import io.lockerism.testing.TestAccounts;
import io.lockerism.testing.TestApp;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Promise 1 against two backups (issue 17): an attacker holding two stored versions of one viewer's
 * Enc(u) — two dumps, the WAL, a dead tuple — and the public catalog tries every catalog row and
 * both signs, {@code addRow(before, M_i) == after}. On the real store the attack finds nothing;
 * with re-randomization switched off (the real engine behind a test decorator, as the store was
 * before) it finds exactly the liked row, so the test can fail.
 */
class TwoBackupsAttackTest {

  private static final char[] PASSWORD = "two backups are not enough".toCharArray();
  private static final int EARLIER = 11; // liked before the versions are taken
  private static final int LIKED = 37;

  /** The BGV frame ends with c1: 4096 residues of 8 bytes (docs/he-engine.md). */
  private static final int C1_BYTES = 4096 * 8;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"h2", "postgres"})
  void twoStoredVersionsAroundALikeOrAnUnlikeDoNotNameTheProfile(String database) {
    try (Components parts = open(database)) {
      parts.catalog().importSampleIfEmpty();
      Snapshot s = parts.snapshots().current();
      HeClient engine = parts.bgv();
      Set<String> sameRowAsLiked = new TreeSet<>();
      for (int i = 0; i < s.size(); i++) {
        if (Arrays.equals(s.row(i), s.row(LIKED))) {
          sameRowAsLiked.add(String.valueOf(i));
        }
      }

      InterestStore store = new InterestStore(parts.database(), engine);
      Vault viewer = viewer(parts, store, s, "rerandomized");
      Versions like = around(parts.database(), store, viewer, s, LikeAction.LIKE);
      Versions unlike = around(parts.database(), store, viewer, s, LikeAction.UNLIKE);
      assertEquals(Set.of(), attack(engine, s, like), "the like is not found");
      assertEquals(Set.of(), attack(engine, s, unlike), "the unlike is not found");
      for (Versions v : new Versions[] {like, unlike}) {
        assertEquals(0, sharedC1Words(v), "no residue of c1 survives a write, at any position");
        assertSealedLikesRenewed(v);
      }
      try (ViewerInterest now = store.read(viewer, s)) {
        assertArrayEquals(
            PlaintextScorer.interest(s, Set.of(EARLIER)),
            viewer.decryptInterest(now.interest(), s.d()),
            "re-randomized writes still decrypt to exactly the liked rows' sum");
      }

      InterestStore before = new InterestStore(parts.database(), withoutRerandomization(engine));
      Vault exposed = viewer(parts, before, s, "not-rerandomized");
      Versions plainLike = around(parts.database(), before, exposed, s, LikeAction.LIKE);
      Versions plainUnlike = around(parts.database(), before, exposed, s, LikeAction.UNLIKE);
      assertTrue(sameRowAsLiked.contains(String.valueOf(LIKED)));
      assertEquals(prefixed("like ", sameRowAsLiked), attack(engine, s, plainLike));
      assertEquals(prefixed("unlike ", sameRowAsLiked), attack(engine, s, plainUnlike));
      assertEquals(C1_BYTES / 8, sharedC1Words(plainLike), "without it, c1 stays as it was");
    }
  }

  private static Components open(String database) {
    AppConfig config = AppConfig.forDataDir(TestApp.tempDir());
    if (database.equals("postgres")) {
      PostgresTestDatabase.reset();
      config =
          config.withDatabase(
              PostgresTestDatabase.url(),
              PostgresTestDatabase.user(),
              PostgresTestDatabase.password());
    }
    return Components.of(config);
  }

  private static Vault viewer(Components parts, InterestStore store, Snapshot s, String name) {
    long account = TestAccounts.insert(parts.database(), name);
    Vault vault = parts.locker().unlock("session-" + name, account, PASSWORD);
    store.ensureCreated(vault, s);
    store.apply(vault, s, EARLIER, LikeAction.LIKE).close();
    return vault;
  }

  /** What a backup holds of a viewer: the interest row's two columns. */
  private record Stored(byte[] interest, byte[] sealedLikes) {}

  private record Versions(Stored before, Stored after) {}

  private static Versions around(
      Database db, InterestStore store, Vault vault, Snapshot s, LikeAction action) {
    Stored before = stored(db, vault.accountId());
    try (InterestUpdate update = store.apply(vault, s, LIKED, action)) {
      assertEquals(InterestUpdate.Outcome.CHANGED, update.outcome());
    }
    return new Versions(before, stored(db, vault.accountId()));
  }

  private static Stored stored(Database db, long accountId) {
    return db.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT interest, sealed_likes FROM viewer_interests WHERE account_id = ?")) {
            ps.setLong(1, accountId);
            try (ResultSet rs = ps.executeQuery()) {
              assertTrue(rs.next());
              return new Stored(rs.getBytes(1), rs.getBytes(2));
            }
          }
        });
  }

  /**
   * The key-less attack: every catalog row, added to or subtracted from the older version, compared
   * byte for byte with the newer one. Returns what it found ("like 37", "unlike 37").
   */
  private static Set<String> attack(HeClient engine, Snapshot s, Versions v) {
    Set<String> found = new TreeSet<>();
    try (HeCiphertext before = engine.readCiphertext(v.before().interest())) {
      for (int i = 0; i < s.size(); i++) {
        byte[] row = row(s, i);
        for (boolean subtract : new boolean[] {false, true}) {
          try (HeCiphertext guess = engine.addRow(before, row, subtract)) {
            if (Arrays.equals(guess.serialize(), v.after().interest())) {
              found.add((subtract ? "unlike " : "like ") + i);
            }
          }
        }
      }
    }
    return found;
  }

  /** How many 8-byte residues of the newer c1 occur anywhere in the older c1. */
  private static int sharedC1Words(Versions v) {
    byte[] a = v.before().interest();
    byte[] b = v.after().interest();
    assertEquals(a.length, b.length);
    Set<String> seen = new HashSet<>();
    for (int i = a.length - C1_BYTES; i < a.length; i += 8) {
      seen.add(Arrays.toString(Arrays.copyOfRange(a, i, i + 8)));
    }
    int shared = 0;
    for (int i = b.length - C1_BYTES; i < b.length; i += 8) {
      if (seen.contains(Arrays.toString(Arrays.copyOfRange(b, i, i + 8)))) {
        shared++;
      }
    }
    return shared;
  }

  /**
   * AES-GCM under a fresh 12-byte nonce, one padded size: the two seals share no key stream and
   * their lengths say nothing about how many profiles are liked.
   */
  private static void assertSealedLikesRenewed(Versions v) {
    byte[] a = v.before().sealedLikes();
    byte[] b = v.after().sealedLikes();
    assertEquals(a.length, b.length, "the sealed like-set keeps one size");
    assertFalse(
        Arrays.equals(Arrays.copyOf(a, 12), Arrays.copyOf(b, 12)), "each seal has its own nonce");
  }

  private static Set<String> prefixed(String prefix, Set<String> rows) {
    Set<String> out = new TreeSet<>();
    rows.forEach(r -> out.add(prefix + r));
    return out;
  }

  private static byte[] row(Snapshot s, int index) {
    int[] r = s.row(index);
    byte[] out = new byte[r.length];
    for (int j = 0; j < r.length; j++) {
      out[j] = (byte) r[j];
    }
    return out;
  }

  /**
   * The real engine with re-randomization switched off — the store as it was before issue 17. It
   * lives in this test only; the app has no such switch. The copy keeps the store's ownership rule:
   * it closes both ciphertexts.
   */
  private static HeClient withoutRerandomization(HeClient engine) {
    return (HeClient)
        Proxy.newProxyInstance(
            HeClient.class.getClassLoader(),
            new Class<?>[] {HeClient.class},
            (proxy, method, args) -> {
              if (method.getName().equals("rerandomize")) {
                return engine.readCiphertext(((HeCiphertext) args[1]).serialize());
              }
              try {
                return method.invoke(engine, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}
