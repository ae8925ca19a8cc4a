package io.lockerism.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockerism.analytics.ActivityRecorder;
import io.lockerism.store.Database;
import io.lockerism.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The proof queue is bounded and fair, counted from the job rows of a real (H2) database. Each
 * job's witness source here waits for the test's permit and then reports the witness unavailable
 * (as for a viewer who logged out), so jobs finish exactly when the test says, without proving
 * anything.
 */
class ProofLimitsTest {

  private static final ProofSeal SEAL = TestProofs.seal();

  private final MutableClock clock = new MutableClock();
  private final Database db = ProofTestDatabases.open("h2", 100);
  private final ProofService proofs =
      new ProofService(
          db,
          "instance-a",
          new Provers(null, Path.of("unused")),
          LedgerTransactions.NONE,
          ActivityRecorder.NONE,
          clock);
  private final Semaphore permits = new Semaphore(0);
  private final List<Long> gathered = Collections.synchronizedList(new ArrayList<>());

  @AfterEach
  void stop() {
    permits.release(10_000);
    proofs.close();
    db.close();
  }

  @Test
  void aViewerHasOneRunningAndTwoWaitingThen429() throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < ProofService.MAX_UNFINISHED_PER_VIEWER; i++) {
      ids.add(proofs.start(1, TestProofs.shown(5), blocking(1), SEAL));
    }
    ProofLimitException refused =
        assertThrows(
            ProofLimitException.class,
            () -> proofs.start(1, TestProofs.shown(5), blocking(1), SEAL));
    assertEquals(ProofLimitException.Reason.VIEWER_LIMIT, refused.reason());
    assertTrue(refused.getMessage().contains("already have 3 proofs"), refused.getMessage());
    proofs.start(2, TestProofs.shown(5), blocking(2), SEAL); // another viewer is not held back
    permits.release(4); // viewer 1's three and viewer 2's one
    for (String id : ids) {
      awaitFinished(id, 1);
    }
    proofs.start(
        1, TestProofs.shown(5), blocking(1), SEAL); // and once finished, the viewer may start more
  }

  @Test
  void waitingProofsAreTakenInTurnAcrossViewers() throws Exception {
    proofs.start(1, TestProofs.shown(5), blocking(1), SEAL);
    awaitGathered(1); // viewer 1's first proof is running
    proofs.start(1, TestProofs.shown(5), blocking(1), SEAL);
    proofs.start(1, TestProofs.shown(5), blocking(1), SEAL);
    proofs.start(2, TestProofs.shown(5), blocking(2), SEAL);
    proofs.start(3, TestProofs.shown(5), blocking(3), SEAL);
    for (int done = 1; done < 5; done++) {
      permits.release();
      awaitGathered(done + 1);
    }
    assertEquals(List.of(1L, 2L, 3L, 1L, 1L), gathered);
  }

  @Test
  void aFullQueueRefusesWith503Reason() throws Exception {
    proofs.start(0, TestProofs.shown(5), blocking(0), SEAL);
    awaitGathered(1); // running, so no longer waiting
    int accepted = 0;
    ProofLimitException refused = null;
    for (long viewer = 1; refused == null; viewer++) {
      for (int i = 0; i < ProofService.MAX_UNFINISHED_PER_VIEWER && refused == null; i++) {
        try {
          proofs.start(viewer, TestProofs.shown(5), blocking(viewer), SEAL);
          accepted++;
        } catch (ProofLimitException e) {
          refused = e;
        }
      }
    }
    assertEquals(ProofLimitException.Reason.QUEUE_FULL, refused.reason());
    assertEquals(ProofService.MAX_QUEUED, accepted);
    assertTrue(refused.getMessage().contains("try again"), refused.getMessage());
  }

  @Test
  void finishedJobsArePrunedByCountAndAge() throws Exception {
    List<String> ids = new ArrayList<>();
    permits.release(10_000);
    for (int i = 0; i < ProofService.KEEP_FINISHED_PER_VIEWER + 5; i++) {
      String id = proofs.start(1, TestProofs.shown(5), blocking(1), SEAL);
      awaitFinished(id, 1);
      ids.add(id);
    }
    for (int i = 0; i < ids.size(); i++) {
      assertEquals(i >= 5, proofs.job(ids.get(i), 1, SEAL).isPresent(), "job " + i);
    }
    assertEquals("stopped by the test", proofs.job(ids.get(24), 1, SEAL).get().error());
    clock.advance(ProofService.KEEP_FINISHED_FOR.plus(Duration.ofMinutes(1)));
    String fresh = proofs.start(2, TestProofs.shown(5), blocking(2), SEAL);
    proofs.maintain(); // as every minute
    for (String id : ids) {
      assertTrue(proofs.job(id, 1, SEAL).isEmpty(), "expired jobs are pruned");
    }
    awaitFinished(fresh, 2);
    assertTrue(proofs.job(fresh, 2, SEAL).isPresent());
  }

  private FeedWitness.Source blocking(long viewer) {
    return () -> {
      gathered.add(viewer);
      permits.acquireUninterruptibly();
      throw new FeedWitness.UnavailableException("stopped by the test");
    };
  }

  private void awaitGathered(int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (gathered.size() < count && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    Thread.sleep(20); // a wrong extra start would show up in the order
    assertEquals(count, gathered.size(), "proofs started");
  }

  private void awaitFinished(String id, long viewer) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (proofs.job(id, viewer, SEAL).map(ProofJob::finished).orElse(false)) {
        return;
      }
      Thread.sleep(5);
    }
    throw new AssertionError("job did not finish");
  }
}
