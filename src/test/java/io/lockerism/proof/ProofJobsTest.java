package io.lockerism.proof;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockerism.analytics.ActivityRecorder;
import io.lockerism.evm.Word;
import io.lockerism.store.Database;
import io.lockerism.testing.MutableClock;
import java.math.BigInteger;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Proof jobs as rows, on H2 and on PostgreSQL: each job is claimed exactly once by concurrent
 * claimers on two pools (as two instances would be), jobs an instance left unfinished are failed
 * when it starts again (and those of an instance that is gone, once stale), and a viewer's list,
 * with results and published-or-not, comes from the rows.
 */
class ProofJobsTest {

  private static final int JOBS = 120;
  private static final ProofSeal SEAL = TestProofs.seal();
  private static final int VIEWERS = 12;

  private final MutableClock clock = new MutableClock();
  private final List<AutoCloseable> opened = new ArrayList<>();

  /** Never released: a job gathering from it stays running, as at a crash. */
  private final Semaphore never = new Semaphore(0);

  @AfterEach
  void close() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void concurrentClaimersOnTwoPoolsClaimEachJobExactlyOnce(String kind) throws Exception {
    String url = ProofTestDatabases.freshUrl(kind);
    Database first = open(ProofTestDatabases.withAccounts(url, VIEWERS));
    Database second = open(ProofTestDatabases.reopen(url));
    ProofJobRepository setup = new ProofJobRepository(first);
    for (int i = 0; i < JOBS; i++) {
      setup.insert("job" + i, i % VIEWERS, "a", 5, "Waiting", clock.instant());
    }
    setup.insert("other", 0, "b", 5, "Waiting", clock.instant()); // another instance's job

    ExecutorService threads = Executors.newFixedThreadPool(4);
    List<Future<List<String>>> claimers = new ArrayList<>();
    for (Database db : List.of(first, second, first, second)) {
      ProofJobRepository rows = new ProofJobRepository(db);
      claimers.add(threads.submit(claimer(rows)));
    }
    List<String> claimed = new ArrayList<>();
    for (Future<List<String>> f : claimers) {
      claimed.addAll(f.get(2, TimeUnit.MINUTES));
    }
    threads.shutdown();

    assertEquals(JOBS, claimed.size(), "claims in all");
    assertEquals(JOBS, new HashSet<>(claimed).size(), "no job claimed twice");
    assertFalse(claimed.contains("other"), "only the owner's jobs are claimed");
    for (int i = 0; i < JOBS; i++) {
      assertEquals(ProofJob.Status.FAILED, setup.find("job" + i).orElseThrow().job().status());
    }
    assertEquals(ProofJob.Status.QUEUED, setup.find("other").orElseThrow().job().status());
  }

  /**
   * Claims the owner's jobs until none waits, finishing each (so that its viewer's next may run);
   * returns the ids it claimed.
   */
  private Callable<List<String>> claimer(ProofJobRepository rows) {
    return () -> {
      List<String> mine = new ArrayList<>();
      while (rows.queuedOwnedBy("a") > 0) {
        rows.claimNext("a", clock.instant())
            .ifPresent(
                c -> {
                  mine.add(c.id());
                  rows.failed(c.id(), "claimed by the test", clock.instant());
                });
      }
      return mine;
    };
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void aViewerHasOneProofRunningOverAllInstancesEvenWhenTheyClaimAtOnce(String kind)
      throws Exception {
    String url = ProofTestDatabases.freshUrl(kind);
    Database first = open(ProofTestDatabases.withAccounts(url, VIEWERS));
    Database second = open(ProofTestDatabases.reopen(url));
    ProofJobRepository a = new ProofJobRepository(first);
    ProofJobRepository b = new ProofJobRepository(second);
    int rounds = 6;
    for (int i = 0; i < rounds; i++) { // one viewer, logged in on two instances
      a.insert("a" + i, 1, "a", 5, "Waiting", clock.instant());
      b.insert("b" + i, 1, "b", 5, "Waiting", clock.instant());
    }
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      for (int round = 0; round < rounds; round++) {
        CyclicBarrier together = new CyclicBarrier(4);
        List<Future<Optional<ProofJobRepository.Claimed>>> claims = new ArrayList<>();
        for (String owner : List.of("a", "b", "a", "b")) {
          ProofJobRepository rows = owner.equals("a") ? a : b;
          claims.add(
              threads.submit(
                  () -> {
                    together.await(30, TimeUnit.SECONDS);
                    return rows.claimNext(owner, clock.instant());
                  }));
        }
        List<ProofJobRepository.Claimed> won = new ArrayList<>();
        for (Future<Optional<ProofJobRepository.Claimed>> f : claims) {
          f.get(1, TimeUnit.MINUTES).ifPresent(won::add);
        }
        assertEquals(1, won.size(), "round " + round + ": exactly one claim runs");
        assertTrue(a.claimNext("a", clock.instant()).isEmpty(), "the viewer's others wait");
        assertTrue(b.claimNext("b", clock.instant()).isEmpty());
        a.proved(won.get(0).id(), new byte[] {1}, 5, "Done", clock.instant()); // next may run
      }
    } finally {
      threads.shutdown();
    }
    assertEquals(rounds, a.queuedOwnedBy("a") + b.queuedOwnedBy("b"), "one job ran per round");
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void aViewersProofOnAnotherInstanceWaitsUntilTheRunningOneFinishes(String kind) throws Exception {
    Database db = open(ProofTestDatabases.open(kind, VIEWERS));
    ProofService first = service(db, "a");
    ProofService second = service(db, "b");
    Semaphore gate = new Semaphore(0);
    String running =
        first.start(
            1,
            TestProofs.shown(5),
            () -> {
              gate.acquireUninterruptibly();
              throw new FeedWitness.UnavailableException("released by the test");
            },
            SEAL);
    awaitStatus(first, running, 1, ProofJob.Status.RUNNING);
    String waiting = second.start(1, TestProofs.shown(5), this::stuck, SEAL);
    Thread.sleep(1_500); // longer than a blocked claim's retry
    assertEquals(ProofJob.Status.QUEUED, second.job(waiting, 1, SEAL).orElseThrow().status());

    gate.release();
    awaitStatus(first, running, 1, ProofJob.Status.FAILED);
    awaitStatus(second, waiting, 1, ProofJob.Status.RUNNING);
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void jobsLeftUnfinishedAreFailedWhenTheirInstanceStartsAgain(String kind) throws Exception {
    Database db = open(ProofTestDatabases.open(kind, VIEWERS));
    ProofService before = service(db, "a");
    String running = before.start(1, TestProofs.shown(5), this::stuck, SEAL);
    awaitStatus(before, running, 1, ProofJob.Status.RUNNING);
    String queued = before.start(1, TestProofs.shown(5), this::stuck, SEAL);
    ProofService otherInstance = service(db, "b");
    String elsewhere = otherInstance.start(2, TestProofs.shown(5), this::stuck, SEAL);
    awaitStatus(otherInstance, elsewhere, 2, ProofJob.Status.RUNNING);
    before.close(); // its worker stays stuck in the witness: as if the process had died

    ProofService after = service(db, "a");
    for (String id : List.of(running, queued)) {
      ProofJob job = after.job(id, 1, SEAL).orElseThrow();
      assertEquals(ProofJob.Status.FAILED, job.status(), id);
      assertEquals(ProofService.RESTARTED, job.error());
      assertTrue(job.finishedAt() != null);
    }
    assertEquals(
        ProofJob.Status.RUNNING,
        after.job(elsewhere, 2, SEAL).orElseThrow().status(),
        "another instance's job is not its to fail");
    assertEquals(2, after.jobsOf(1, SEAL).size(), "still listed, with the reason");
    after.start(
        1,
        TestProofs.shown(5),
        this::stuck,
        SEAL); // failed jobs no longer count against the viewer's limit

    otherInstance.maintain(); // an instance alive keeps its jobs fresh
    clock.advance(ProofService.OWNER_GONE_AFTER.minus(Duration.ofMinutes(1)));
    after.maintain();
    assertEquals(ProofJob.Status.RUNNING, after.job(elsewhere, 2, SEAL).orElseThrow().status());
    otherInstance.close(); // and now it is gone: nobody touches its job any more
    clock.advance(Duration.ofMinutes(2));
    after.maintain();
    ProofJob gone = after.job(elsewhere, 2, SEAL).orElseThrow();
    assertEquals(ProofJob.Status.FAILED, gone.status());
    assertEquals(ProofService.OWNER_GONE, gone.error());
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void aViewersListComesFromTheRowsWithResultsAndWhetherPublished(String kind) throws Exception {
    Database db = open(ProofTestDatabases.open(kind, VIEWERS));
    ProofJobRepository rows = new ProofJobRepository(db);
    String snapshot = "ab".repeat(32);
    ProofResult published = result(7);
    ProofResult unpublished = result(8);
    rows.insert("p1", 3, "a", 7, "Waiting", clock.instant());
    rows.progress("p1", 30, "Preparing", snapshot, clock.instant());
    rows.proved(
        "p1", TestProofs.sealed(SEAL, "p1", published), 7, "Proved and verified", clock.instant());
    rows.progress("p1", 50, "Late", "cd".repeat(32), clock.instant()); // finished: unchanged
    clock.advance(Duration.ofSeconds(1));
    rows.insert("p2", 3, "a", 8, "Waiting", clock.instant());
    rows.progress("p2", 30, "Preparing", snapshot, clock.instant());
    rows.proved(
        "p2",
        TestProofs.sealed(SEAL, "p2", unpublished),
        8,
        "Proved and verified",
        clock.instant());
    rows.insert("p3", 3, "a", 5, "Waiting", clock.instant());
    recordOnLedger(db, snapshot, published.commitF());

    ProofService proofs = service(db, "a");
    List<ProofJob> list = proofs.jobsOf(3, SEAL);
    assertEquals(
        List.of("p3", "p2", "p1"), list.stream().map(ProofJob::id).toList(), "newest first");
    ProofJob p1 = list.get(2);
    assertEquals(snapshot, p1.snapshotId());
    assertEquals("Proved and verified", p1.stage());
    assertEquals(ProofJob.Status.DONE, p1.status());
    assertTrue(p1.published(), "its feed is on the ledger");
    assertFalse(list.get(1).published());
    assertArrayEquals(published.proof(), p1.result().proof());
    assertEquals(published.publicInputs(), p1.result().publicInputs());
    assertEquals(published.commitL(), p1.result().commitL());
    assertEquals(7, p1.result().k());
    assertEquals(
        List.of(unpublished.commitF(), published.commitF()), proofs.commitmentsOf(3, SEAL));
    assertTrue(proofs.jobsOf(4, SEAL).isEmpty(), "another viewer's list is their own");
    assertEquals(Optional.empty(), proofs.job("p1", 4, SEAL), "and so is each job");
    // p3 was left queued by a restart of instance "a": failed, as the service started
    assertEquals(ProofService.RESTARTED, proofs.job("p3", 3, SEAL).orElseThrow().error());
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void finishedJobsArePrunedToTheNewestPerViewerAndByAge(String kind) throws Exception {
    Database db = open(ProofTestDatabases.open(kind, VIEWERS));
    ProofJobRepository rows = new ProofJobRepository(db);
    int made = ProofService.KEEP_FINISHED_PER_VIEWER + 5;
    for (int i = 0; i < made; i++) {
      rows.insert("old" + i, 1, "a", 5, "Waiting", clock.instant());
      rows.failed("old" + i, "stopped by the test", clock.instant());
      clock.advance(Duration.ofSeconds(1));
    }
    rows.insert("other", 2, "a", 5, "Waiting", clock.instant());
    rows.failed("other", "stopped by the test", clock.instant());
    rows.insert("waiting", 1, "a", 5, "Waiting", clock.instant());

    assertEquals(5, rows.deleteFinishedBeyond(1, ProofService.KEEP_FINISHED_PER_VIEWER));
    for (int i = 0; i < made; i++) {
      assertEquals(i >= 5, rows.find("old" + i).isPresent(), "job " + i);
    }
    assertTrue(rows.find("other").isPresent(), "another viewer's jobs are theirs to keep");

    ProofService proofs = service(db, "b"); // "a"'s waiting job is not its to fail
    // Now 24 h and 10 s after the first job finished: the jobs of the first 10 s are too old.
    clock.advance(ProofService.KEEP_FINISHED_FOR.minus(Duration.ofSeconds(made - 10)));
    proofs.maintain();
    assertTrue(rows.find("old9").isEmpty(), "more than 24 h old");
    assertTrue(rows.find("old10").isPresent(), "24 h old, not more");
    clock.advance(Duration.ofMinutes(1));
    proofs.maintain();
    assertTrue(rows.find("other").isEmpty());
    assertEquals(1, proofs.jobsOf(1, SEAL).size(), "only the unfinished job is left");
  }

  private static ProofResult result(int seed) {
    List<Word> inputs = new ArrayList<>(); // six words, publisher last: 401 characters stored
    for (int i = 0; i < 6; i++) {
      inputs.add(Word.of(BigInteger.valueOf(seed * 100L + i)));
    }
    byte[] proof = new byte[384];
    proof[0] = (byte) seed;
    return new ProofResult(proof, inputs, inputs.get(2), inputs.get(3), seed);
  }

  private static void recordOnLedger(Database db, String snapshot, Word commitF) {
    db.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO ledger_records (chain_id, ledger, snapshot_id, commit_l, commit_f,"
                      + " k, submitter, tx_hash, block_number, log_index, recorded_at)"
                      + " VALUES (1, ?, ?, ?, ?, 7, ?, ?, 1, 0, ?)")) {
            ps.setString(1, "0x" + "1".repeat(40));
            ps.setString(2, snapshot);
            ps.setString(3, commitF.toString());
            ps.setString(4, commitF.toString());
            ps.setString(5, "0x" + "2".repeat(40));
            ps.setString(6, "0x" + "3".repeat(64));
            ps.setTimestamp(7, Timestamp.from(Instant.EPOCH));
            return ps.executeUpdate();
          }
        });
  }

  private FeedWitness stuck() {
    never.acquireUninterruptibly();
    throw new AssertionError("never released");
  }

  private ProofService service(Database db, String instance) {
    return open(
        new ProofService(
            db,
            instance,
            new Provers(null, Path.of("unused")),
            LedgerTransactions.NONE,
            ActivityRecorder.NONE,
            clock));
  }

  private <T extends AutoCloseable> T open(T closeable) {
    opened.add(closeable);
    return closeable;
  }

  private static void awaitStatus(ProofService s, String id, long viewer, ProofJob.Status status)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (s.job(id, viewer, SEAL).map(j -> j.status() == status).orElse(false)) {
        return;
      }
      Thread.sleep(5);
    }
    throw new AssertionError("job " + id + " never became " + status);
  }
}
