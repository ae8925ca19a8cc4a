package io.lockerism.locker;

import io.lockerism.account.PasswordHasher;
import io.lockerism.engine.HeCiphertext;
import io.lockerism.engine.HeClient;
import io.lockerism.engine.HeKeyPair;
import io.lockerism.engine.HePublicKey;
import io.lockerism.engine.HeSecretKey;
import io.lockerism.model.PlaintextScorer;
import io.lockerism.model.Snapshot;
import io.lockerism.snapshot.SnapshotService;
import io.lockerism.store.Database;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Key custody. Each viewer's vault key is sealed under a key derived from their password
 * (Argon2id); it seals their BGV secret key and their like-set. At log-in the vault is unlocked
 * into memory for that session only; logging out or expiry wipes it. Likes update the encrypted
 * interest Enc(u) homomorphically — nothing is decrypted — and the interest always belongs to
 * exactly one snapshot: when a new one becomes current it is rebuilt from the like-set.
 */
public final class Locker implements AutoCloseable {

  private static final int KDF_MEMORY_KIB = PasswordHasher.MEMORY_KIB;
  private static final int KDF_ITERATIONS = PasswordHasher.ITERATIONS;
  private static final int SALT_BYTES = 16;

  private final Database db;
  private final HeClient he;
  private final SnapshotService snapshots;
  private final VaultRepository vaults = new VaultRepository();
  private final Map<String, UnlockedVault> open = new ConcurrentHashMap<>();

  public Locker(Database db, HeClient he, SnapshotService snapshots) {
    this.db = db;
    this.he = he;
    this.snapshots = snapshots;
  }

  /**
   * Unlocks the account's vault for a session, creating the vault on first use. Throws
   * {@link SealException} when the password does not open it.
   */
  public void unlock(String sessionId, long accountId, char[] password) {
    UnlockedVault vault = db.inTransaction(c -> {
      var row = vaults.findForUpdate(c, accountId);
      return row.isPresent() ? open(row.get(), password) : create(c, accountId, password);
    });
    UnlockedVault previous = open.put(sessionId, vault);
    if (previous != null) {
      previous.close();
    }
  }

  /** Wipes the session's keys; a no-op for a session without an unlocked vault. */
  public void lock(String sessionId) {
    UnlockedVault vault = open.remove(sessionId);
    if (vault != null) {
      vault.close();
    }
  }

  public boolean isUnlocked(String sessionId) {
    return open.containsKey(sessionId);
  }

  public LikeChange like(String sessionId, String accountId) {
    return changeLike(sessionId, accountId, true);
  }

  public LikeChange unlike(String sessionId, String accountId) {
    return changeLike(sessionId, accountId, false);
  }

  /** The viewer's liked account ids, in the order liked. */
  public List<String> likes(String sessionId) {
    UnlockedVault v = vault(sessionId);
    return db.inTransaction(c -> {
      CurrentState state = current(c, v);
      state.interest().close();
      return state.likes().accountIds();
    });
  }

  /** Enc(u) with its snapshot, rebuilt first when a newer snapshot became current. */
  public ViewerInterest interest(String sessionId) {
    UnlockedVault v = vault(sessionId);
    return db.inTransaction(c -> {
      CurrentState state = current(c, v);
      Set<Integer> liked = new HashSet<>();
      for (String id : state.likes().accountIds()) {
        liked.add(state.snapshot().indexOf(id));
      }
      return new ViewerInterest(state.snapshot(), state.interest(), Set.copyOf(liked),
          state.likes().accountIds());
    });
  }

  /** Decrypts one block of encrypted scores from the evaluator. */
  public long[] decryptScores(String sessionId, HeCiphertext scores, int features, int rows) {
    return he.decryptScores(vault(sessionId).secretKey(), scores, features, rows);
  }

  /** Decrypts the interest vector u, for explanations. */
  public int[] decryptInterest(String sessionId, HeCiphertext interest, int features) {
    long[] u = he.decryptVector(vault(sessionId).secretKey(), interest, features);
    return Arrays.stream(u).mapToInt(Math::toIntExact).toArray();
  }

  /**
   * Re-seals the vault key under a new password, inside the caller's transaction (the account's
   * password hash changes in the same one). The like-set and keys are untouched.
   */
  public void reseal(Connection c, long accountId, char[] oldPassword, char[] newPassword)
      throws SQLException {
    var row = vaults.findForUpdate(c, accountId).orElse(null);
    if (row == null) {
      return; // created at the next log-in, under the new password
    }
    byte[] vaultKey = openVaultKey(row, oldPassword);
    try {
      byte[] salt = Aead.randomBytes(SALT_BYTES);
      vaults.updateVaultKey(c, accountId, salt, sealVaultKey(vaultKey, salt, newPassword,
          accountId));
    } finally {
      Arrays.fill(vaultKey, (byte) 0);
    }
  }

  private LikeChange changeLike(String sessionId, String accountId, boolean like) {
    UnlockedVault v = vault(sessionId);
    return db.inTransaction(c -> {
      CurrentState state = current(c, v);
      try (HeCiphertext interest = state.interest()) {
        LikeSet likes = state.likes();
        if (likes.contains(accountId) == like) {
          return new LikeChange(accountId, like, false, likes.accountIds().size());
        }
        int index = state.snapshot().indexOf(accountId);
        if (index < 0) {
          throw new LockerException(LockerException.Reason.UNKNOWN_PROFILE,
              "That profile is not in the current model.");
        }
        if (like && likes.accountIds().size() >= LikeSet.MAX_LIKES) {
          throw new LockerException(LockerException.Reason.LIKE_LIMIT,
              "You can like at most " + LikeSet.MAX_LIKES + " profiles. Unlike one first.");
        }
        LikeSet updated = like ? likes.with(accountId) : likes.without(accountId);
        try (HeCiphertext next = he.addRow(interest, row(state.snapshot(), index), !like)) {
          save(c, v, updated, next);
        }
        return new LikeChange(accountId, like, true, updated.accountIds().size());
      }
    });
  }

  /** The vault's like-set and Enc(u) for the current snapshot, rebuilding them if stale. */
  private CurrentState current(Connection c, UnlockedVault v) throws SQLException {
    var row = vaults.findInterestForUpdate(c, v.accountId()).orElseThrow(
        () -> new LockerException(LockerException.Reason.LOCKED, "Your locker is gone."));
    LikeSet likes = LikeSet.decode(Aead.open(v.vaultKey(), row.sealedLikes(),
        likesContext(v.accountId())));
    Snapshot snapshot = snapshots.current();
    if (likes.snapshotId().equals(snapshot.id())) {
      return new CurrentState(snapshot, likes, he.readCiphertext(row.interest()));
    }
    LikeSet rebased = likes.rebasedOn(snapshot.id(), Set.copyOf(snapshot.accountIds()));
    HeCiphertext rebuilt = encryptInterest(v.publicKey(), snapshot, rebased);
    save(c, v, rebased, rebuilt);
    return new CurrentState(snapshot, rebased, rebuilt);
  }

  private HeCiphertext encryptInterest(HePublicKey key, Snapshot snapshot, LikeSet likes) {
    Set<Integer> indices = new HashSet<>();
    for (String id : likes.accountIds()) {
      indices.add(snapshot.indexOf(id));
    }
    int[] u = PlaintextScorer.interest(snapshot, indices);
    return he.encrypt(key, Arrays.stream(u).asLongStream().toArray());
  }

  private void save(Connection c, UnlockedVault v, LikeSet likes, HeCiphertext interest)
      throws SQLException {
    vaults.updateLikes(c, v.accountId(),
        Aead.seal(v.vaultKey(), likes.encode(), likesContext(v.accountId())),
        interest.serialize());
  }

  private UnlockedVault create(Connection c, long accountId, char[] password) throws SQLException {
    byte[] vaultKey = Aead.randomKey();
    byte[] salt = Aead.randomBytes(SALT_BYTES);
    Snapshot snapshot = snapshots.current();
    HeKeyPair keys = he.generateKeys();
    LikeSet likes = LikeSet.empty(snapshot.id());
    try (HeCiphertext zero = encryptInterest(keys.publicKey(), snapshot, likes)) {
      vaults.insert(c, new VaultRepository.VaultRow(accountId, salt,
          sealVaultKey(vaultKey, salt, password, accountId),
          Aead.seal(vaultKey, keys.secretKey().serialize(), secretKeyContext(accountId)),
          keys.publicKey().serialize(),
          Aead.seal(vaultKey, likes.encode(), likesContext(accountId)),
          zero.serialize()));
    }
    return new UnlockedVault(accountId, vaultKey, keys.secretKey(), keys.publicKey());
  }

  private UnlockedVault open(VaultRepository.VaultRow row, char[] password) {
    byte[] vaultKey = openVaultKey(row, password);
    byte[] secret = Aead.open(vaultKey, row.sealedSecretKey(), secretKeyContext(row.accountId()));
    try {
      HeSecretKey sk = he.readSecretKey(secret);
      return new UnlockedVault(row.accountId(), vaultKey, sk, he.readPublicKey(row.publicKey()));
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }

  private static byte[] openVaultKey(VaultRepository.VaultRow row, char[] password) {
    byte[] kek = deriveKek(password, row.kdfSalt());
    try {
      return Aead.open(kek, row.sealedVaultKey(), vaultKeyContext(row.accountId()));
    } finally {
      Arrays.fill(kek, (byte) 0);
    }
  }

  private static byte[] sealVaultKey(byte[] vaultKey, byte[] salt, char[] password,
      long accountId) {
    byte[] kek = deriveKek(password, salt);
    try {
      return Aead.seal(kek, vaultKey, vaultKeyContext(accountId));
    } finally {
      Arrays.fill(kek, (byte) 0);
    }
  }

  private static byte[] deriveKek(char[] password, byte[] salt) {
    return PasswordHasher.derive(password, salt, KDF_MEMORY_KIB, KDF_ITERATIONS, 1,
        Aead.KEY_BYTES);
  }

  private static byte[] row(Snapshot snapshot, int index) {
    int[] r = snapshot.row(index);
    byte[] out = new byte[r.length];
    for (int j = 0; j < r.length; j++) {
      out[j] = (byte) r[j];
    }
    return out;
  }

  private UnlockedVault vault(String sessionId) {
    UnlockedVault v = sessionId == null ? null : open.get(sessionId);
    if (v == null) {
      throw new LockerException(LockerException.Reason.LOCKED,
          "Your private interests are locked. Log in again to unlock them.");
    }
    return v;
  }

  private static String vaultKeyContext(long accountId) {
    return "lockerism/vault-key/v1/" + accountId;
  }

  private static String secretKeyContext(long accountId) {
    return "lockerism/he-secret-key/v1/" + accountId;
  }

  private static String likesContext(long accountId) {
    return "lockerism/likes/v1/" + accountId;
  }

  @Override
  public void close() {
    open.keySet().forEach(this::lock);
  }

  private record CurrentState(Snapshot snapshot, LikeSet likes, HeCiphertext interest) {}
}
