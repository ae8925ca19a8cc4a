package io.lockerism.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockerism.engine.FeedProof;
import io.lockerism.engine.FeedProver;
import io.lockerism.engine.NativeEngine;
import io.lockerism.evm.Address;
import io.lockerism.model.PlaintextScorer;
import io.lockerism.model.Snapshot;
import io.lockerism.store.Database;
import io.lockerism.testing.MutableClock;
import io.lockerism.testing.RandomSnapshots;
import io.lockerism.testing.TestApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Development setups shared by instances on one database (H2 and PostgreSQL), with the real engine:
 * two instances that need a snapshot's keys at once run one setup between them, each verifies the
 * other's proofs, and an instance holding keys of its own setup takes the shared ones.
 */
class SharedSetupsTest {

  private static final Snapshot SNAPSHOT = RandomSnapshots.random(11, 40, 16, 2);
  private static final String CIRCUIT = FeedProver.circuitKey(NativeEngine.load());
  private final List<AutoCloseable> opened = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void instancesNeedingTheKeysAtOnceShareOneSetupAndVerifyEachOthersProofs(String kind)
      throws Exception {
    String url = ProofTestDatabases.freshUrl(kind);
    Provers first = instance(ProofTestDatabases.withAccounts(url, 0), "first");
    Provers second = instance(ProofTestDatabases.reopen(url), "second");

    ExecutorService both = Executors.newFixedThreadPool(2);
    try {
      Future<FeedProver> a = both.submit(() -> first.forSnapshot(SNAPSHOT));
      Future<FeedProver> b = both.submit(() -> second.forSnapshot(SNAPSHOT));
      FeedProver proverA = a.get(5, TimeUnit.MINUTES);
      FeedProver proverB = b.get(5, TimeUnit.MINUTES);
      assertEquals(
          proverA.setupInfo().vkSha256(),
          proverB.setupInfo().vkSha256(),
          "one setup, one verifying key (two setups never give the same)");

      Set<Integer> liked = Set.of(2, 7);
      FeedProof proof =
          proverB.prove(new int[] {2, 7}, 5, PlaintextScorer.scores(SNAPSHOT, liked), Address.ZERO);
      proverA.verify(proof.proof(), proof.publicInputs()); // throws when it does not verify
    } finally {
      both.shutdown();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void anInstanceWithKeysOfItsOwnSetupTakesTheSharedOnes(String kind) {
    String url = ProofTestDatabases.freshUrl(kind);
    Path ownDir = TestApp.tempDir();
    String own;
    try (Provers alone = new Provers(NativeEngine.load(), ownDir)) {
      own = alone.forSnapshot(SNAPSHOT).setupInfo().vkSha256(); // before it joined the others
    }
    Provers first = instance(ProofTestDatabases.withAccounts(url, 0), "first");
    String shared = first.forSnapshot(SNAPSHOT).setupInfo().vkSha256();
    assertNotEquals(own, shared, "two setups, two key pairs");

    Provers joined =
        track(
            Provers.sharedThrough(
                NativeEngine.load(), ownDir, ProofTestDatabases.reopen(url), "joined"));
    assertEquals(shared, joined.forSnapshot(SNAPSHOT).setupInfo().vkSha256());
    assertFalse(
        new SharedSetups(
                ProofTestDatabases.reopen(url), "late", CIRCUIT, java.time.Clock.systemUTC())
            .claim(SNAPSHOT.id()),
        "a ready setup is nobody's to claim");
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void aClaimLeftByACrashIsTakenBackAfterARestartAndByOthersOnceStale(String kind) {
    Database db = track(ProofTestDatabases.withAccounts(ProofTestDatabases.freshUrl(kind), 0));
    MutableClock clock = new MutableClock();
    SharedSetups crashed = new SharedSetups(db, "crashed", CIRCUIT, clock);
    SharedSetups other = new SharedSetups(db, "other", CIRCUIT, clock);
    assertTrue(crashed.claim("snap"), "claimed, then killed mid-setup");
    assertFalse(other.claim("snap"), "another instance waits for it");
    assertTrue(
        new SharedSetups(db, "crashed", CIRCUIT, clock).claim("snap"),
        "the same instance restarted");
    clock.advance(SharedSetups.CLAIM_STALE_AFTER.plusMinutes(1));
    assertTrue(other.claim("snap"), "once stale, anyone may take it over");
  }

  /**
   * A ready setup of another circuit of the same snapshot (here the circuit before proofs were
   * bound to their publisher) is not this circuit's: an instance neither waits for it nor copies
   * its files, and does not share old files of its own cache with the others.
   */
  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void aSetupOfAnotherCircuitIsNeitherWaitedForNorCopied(String kind) throws Exception {
    String url = ProofTestDatabases.freshUrl(kind);
    Database db = track(ProofTestDatabases.withAccounts(url, 0));
    String older = CIRCUIT.replaceFirst("-feedproof-v\\d+$", "-feedproof-v2");
    assertNotEquals(CIRCUIT, older);
    Path oldDir = TestApp.tempDir();
    Files.writeString(oldDir.resolve(SNAPSHOT.id() + "-" + older + ".vk"), "the old circuit's key");
    SharedSetups old = new SharedSetups(db, "old", older, java.time.Clock.systemUTC());
    assertTrue(old.claim(SNAPSHOT.id()));
    old.publish(SNAPSHOT.id(), oldDir, "0".repeat(64));

    Path dir = TestApp.tempDir();
    Files.writeString(dir.resolve(SNAPSHOT.id() + "-" + older + ".pk"), "an old proving key");
    FeedProver made =
        track(Provers.sharedThrough(NativeEngine.load(), dir, db, "first")).forSnapshot(SNAPSHOT);
    assertEquals(SNAPSHOT.id() + "-" + CIRCUIT, made.setupInfo().cacheKey());
    assertNotEquals("0".repeat(64), made.setupInfo().vkSha256());

    Path joinedDir = TestApp.tempDir();
    Provers joined =
        track(
            Provers.sharedThrough(
                NativeEngine.load(), joinedDir, ProofTestDatabases.reopen(url), "joined"));
    assertEquals(made.setupInfo().vkSha256(), joined.forSnapshot(SNAPSHOT).setupInfo().vkSha256());
    try (Stream<Path> files = Files.list(joinedDir)) {
      assertTrue(
          files.noneMatch(f -> f.getFileName().toString().contains(older)),
          "only this circuit's files are shared");
    }
  }

  private Provers instance(Database db, String name) {
    track(db);
    return track(Provers.sharedThrough(NativeEngine.load(), TestApp.tempDir(), db, name));
  }

  private <T extends AutoCloseable> T track(T closeable) {
    opened.add(closeable);
    return closeable;
  }
}
