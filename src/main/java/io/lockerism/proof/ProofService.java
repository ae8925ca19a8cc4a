package io.lockerism.proof;

import io.lockerism.analytics.ActivityRecorder;
import io.lockerism.engine.FeedProof;
import io.lockerism.engine.FeedProver;
import io.lockerism.engine.NativeEngineException;
import io.lockerism.evaluator.Evaluator;
import io.lockerism.locker.Locker;
import io.lockerism.locker.LockerException;
import io.lockerism.locker.ViewerInterest;
import io.lockerism.model.Snapshot;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proof jobs: score the viewer's encrypted interest, decrypt every score in the locker, check
 * them against the model inside the prover (a mismatch is an evaluator fault and is never
 * proven), prove the feed, verify the proof, and offer the FeedLedger transaction. Jobs run one
 * at a time (proving uses every core) and live in memory; nothing about the witness is stored.
 */
public final class ProofService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ProofService.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Locker locker;
  private final Evaluator evaluator;
  private final Provers provers;
  private final LedgerTransactions ledger;
  private final ActivityRecorder activity;
  private final Map<String, ProofJob> jobs = new ConcurrentHashMap<>();
  private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "feed-prover");
    t.setDaemon(true);
    return t;
  });

  public ProofService(Locker locker, Evaluator evaluator, Provers provers,
      LedgerTransactions ledger, ActivityRecorder activity) {
    this.locker = locker;
    this.evaluator = evaluator;
    this.provers = provers;
    this.ledger = ledger;
    this.activity = activity;
  }

  /** Queues a proof of the session's current feed of length k; returns the job id. */
  public String start(String sessionId, long accountId, int k) {
    if (k < 1 || k > FeedProver.K_MAX) {
      throw new IllegalArgumentException("k must be between 1 and " + FeedProver.K_MAX);
    }
    if (!locker.isUnlocked(sessionId)) {
      throw new LockerException(LockerException.Reason.LOCKED,
          "Your private interests are locked. Log in again to unlock them.");
    }
    byte[] idBytes = new byte[16];
    RANDOM.nextBytes(idBytes);
    String id = HexFormat.of().formatHex(idBytes);
    jobs.put(id, new ProofJob(id, accountId, ProofJob.Status.QUEUED, 0, "Waiting for the prover",
        null, null, null, null));
    worker.submit(() -> run(id, sessionId, accountId, k));
    return id;
  }

  /** The job, only for the account that started it. */
  public Optional<ProofJob> job(String id, long accountId) {
    ProofJob job = id == null ? null : jobs.get(id);
    return job != null && job.accountId() == accountId ? Optional.of(job) : Optional.empty();
  }

  /** The account's finished proofs' feed commitments, to mark its own ledger records. */
  public List<String> commitmentsOf(long accountId) {
    return jobs.values().stream()
        .filter(j -> j.accountId() == accountId && j.status() == ProofJob.Status.DONE)
        .map(j -> j.result().commitF()).toList();
  }

  /** Prepares the current snapshot's prover ahead of the first proof (setup can take a while). */
  public void warmUp(Snapshot snapshot) {
    if (snapshot.size() < 2) {
      return; // nothing to prove over an empty catalog
    }
    worker.submit(() -> {
      try {
        provers.forSnapshot(snapshot);
      } catch (RuntimeException e) {
        LOG.warn("Could not prepare the feed prover for snapshot {}", snapshot.id(), e);
      }
    });
  }

  private void run(String id, String sessionId, long accountId, int k) {
    try {
      update(id, j -> j.at(5, "Scoring your encrypted interests"));
      try (ViewerInterest viewer = locker.interest(sessionId)) {
        Snapshot snapshot = viewer.snapshot();
        update(id, j -> j.on(snapshot.id()).at(15, "Decrypting your scores in your locker"));
        long[] scores = decryptAllScores(sessionId, viewer);
        update(id, j -> j.at(30, "Preparing the circuit for this snapshot"));
        FeedProver prover = provers.forSnapshot(snapshot);
        update(id, j -> j.at(45, "Proving your feed (zero knowledge) and verifying the proof"));
        int[] liked = viewer.likedIndices().stream().mapToInt(Integer::intValue).sorted().toArray();
        // The prover verifies the proof before it returns it (native/export_zk.go).
        FeedProof proof = prover.prove(liked, k, scores);
        ProofJob.Transaction tx = ledger.recordTransaction(snapshot.id(), proof).orElse(null);
        update(id, j -> j.done(proof, tx));
        activity.proofMade(accountId);
      }
    } catch (NativeEngineException e) {
      update(id, j -> j.failed(e.code() == FeedProver.CODE_EVALUATOR_FAULT
          ? "The evaluator's scores do not match the registered model, so this feed was not"
              + " proven. This is an evaluator fault; please report it."
          : "The prover could not prove this feed: " + e.getMessage()));
    } catch (LockerException e) {
      update(id, j -> j.failed(e.getMessage()));
    } catch (RuntimeException e) {
      LOG.error("Proof job failed", e);
      update(id, j -> j.failed("Something went wrong while proving. Please try again."));
    }
  }

  private long[] decryptAllScores(String sessionId, ViewerInterest viewer) {
    Snapshot snapshot = viewer.snapshot();
    long[] scores = new long[snapshot.size()];
    evaluator.score(snapshot, viewer.interest(), (firstRow, rows, block) -> {
      long[] part = locker.decryptScores(sessionId, block, snapshot.d(), rows);
      System.arraycopy(part, 0, scores, firstRow, rows);
    });
    return scores;
  }

  private void update(String id, java.util.function.UnaryOperator<ProofJob> change) {
    jobs.computeIfPresent(id, (key, job) -> change.apply(job));
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }
}
