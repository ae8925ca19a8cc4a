package io.lockerism.proof;

import io.lockerism.analytics.ActivityRecorder;
import io.lockerism.engine.EngineStatus;
import io.lockerism.engine.FeedProver;
import io.lockerism.engine.NativeEngineException;
import io.lockerism.evm.TxData;
import io.lockerism.evm.Word;
import io.lockerism.model.Snapshot;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proof jobs: gather the witness (the viewer's decrypted scores, in their vault), check the scores
 * against the model inside the prover (a mismatch is an evaluator fault and is never proven), prove
 * the feed, verify the proof, and offer the FeedLedger transaction. Jobs run one at a time (proving
 * uses every core) and live in memory; nothing about the witness is stored.
 *
 * <p>Bounded and fair: a viewer has at most {@value #MAX_UNFINISHED_PER_VIEWER} unfinished proofs
 * (one running, the rest waiting; beyond that 429), at most {@value #MAX_QUEUED} wait in all
 * (beyond that 503 + Retry-After), and waiting proofs are taken in turn across viewers. Finished
 * jobs are pruned: each viewer keeps the newest {@value #KEEP_FINISHED_PER_VIEWER}, none older than
 * {@link #KEEP_FINISHED_FOR}.
 */
public final class ProofService implements AutoCloseable {

  /** The longest feed a proof covers (the feed circuit's bound). */
  public static final int MAX_K = FeedProver.K_MAX;

  /** Progress streams one job may have open at once (e.g. several tabs). */
  public static final int MAX_WATCHERS_PER_JOB = 8;

  /** Unfinished (running or waiting) proofs per viewer: one running and two waiting. */
  public static final int MAX_UNFINISHED_PER_VIEWER = 3;

  /** Proofs waiting for the prover over all viewers (a proof takes seconds to minutes). */
  public static final int MAX_QUEUED = 64;

  /** Finished jobs kept per viewer, newest first. */
  public static final int KEEP_FINISHED_PER_VIEWER = 20;

  /** How long a finished job is kept at most. */
  public static final Duration KEEP_FINISHED_FOR = Duration.ofHours(24);

  private static final String UNEXPECTED = "Something went wrong while proving. Please try again.";
  private static final Logger LOG = LoggerFactory.getLogger(ProofService.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Provers provers;
  private final LedgerTransactions ledger;
  private final ActivityRecorder activity;
  private final Clock clock;
  private final FairQueue<Pending> queue = new FairQueue<>(MAX_UNFINISHED_PER_VIEWER, MAX_QUEUED);
  private final Retention retention = new Retention(KEEP_FINISHED_PER_VIEWER, KEEP_FINISHED_FOR);
  private final Map<String, ProofJob> jobs = new ConcurrentHashMap<>();
  // Each viewer's queued or running job ids (at most MAX_UNFINISHED_PER_VIEWER), so a viewer's
  // list never scans every viewer's jobs; the finished ones are indexed by the retention.
  private final Map<Long, Set<String>> unfinished = new ConcurrentHashMap<>();
  private final Map<String, List<Consumer<ProofJob>>> watchers = new ConcurrentHashMap<>();
  private final ExecutorService worker = daemon("feed-prover");

  /**
   * Tells watchers of every change, in order, on a thread of its own: a slow progress stream never
   * holds up the prover, and a watcher never misses or reorders a change.
   */
  private final ExecutorService events = daemon("proof-events");

  public ProofService(Provers provers, LedgerTransactions ledger, ActivityRecorder activity) {
    this(provers, ledger, activity, Clock.systemUTC());
  }

  ProofService(Provers provers, LedgerTransactions ledger, ActivityRecorder activity, Clock clock) {
    this.provers = provers;
    this.ledger = ledger;
    this.activity = activity;
    this.clock = clock;
  }

  /**
   * Queues a proof of an account's feed of length k, from the witness {@code source} gathers when
   * the job runs; returns the job id. Throws {@link ProofLimitException} when the viewer has their
   * share of unfinished proofs or the queue is full.
   */
  public String start(long accountId, int k, FeedWitness.Source source) {
    if (k < 1 || k > MAX_K) {
      throw new IllegalArgumentException("k must be between 1 and " + MAX_K);
    }
    byte[] idBytes = new byte[16];
    RANDOM.nextBytes(idBytes);
    String id = HexFormat.of().formatHex(idBytes);
    forget(retention.expired(clock.instant()));
    jobs.put(
        id,
        new ProofJob(
            id,
            accountId,
            ProofJob.Status.QUEUED,
            0,
            "Waiting for the prover",
            null,
            null,
            null,
            null));
    unfinished.computeIfAbsent(accountId, a -> ConcurrentHashMap.newKeySet()).add(id);
    try {
      queue.add(accountId, new Pending(id, accountId, k, source));
    } catch (ProofLimitException e) {
      jobs.remove(id);
      forgetUnfinished(accountId, id);
      throw e;
    }
    worker.execute(this::runNext);
    return id;
  }

  /**
   * Runs the next waiting proof in turn; one call per queued proof. The viewer's slot is freed
   * before the outcome is published, so whoever sees the job finished may start another.
   */
  private void runNext() {
    Pending next = queue.take().task();
    UnaryOperator<ProofJob> outcome = j -> j.failed(UNEXPECTED);
    try {
      outcome = prove(next.id(), next.accountId(), next.k(), next.source());
    } finally {
      queue.done(next.accountId());
      update(next.id(), outcome);
    }
  }

  /** A proof waiting for the prover. */
  private record Pending(String id, long accountId, int k, FeedWitness.Source source) {}

  private void forget(List<String> ids) {
    ids.forEach(jobs::remove);
  }

  /** The job, only for the account that started it. */
  public Optional<ProofJob> job(String id, long accountId) {
    ProofJob job = id == null ? null : jobs.get(id);
    return job != null && job.accountId() == accountId ? Optional.of(job) : Optional.empty();
  }

  /**
   * Tells {@code watcher} the job's state now and at every change until it finishes (the last call
   * is with the finished job). Empty when there is no such job for this account, or it has {@value
   * #MAX_WATCHERS_PER_JOB} watchers already. Close the subscription to stop early.
   */
  public Optional<Subscription> watch(String id, long accountId, Consumer<ProofJob> watcher) {
    if (job(id, accountId).isEmpty()) {
      return Optional.empty();
    }
    List<Consumer<ProofJob>> list =
        watchers.computeIfAbsent(id, key -> new CopyOnWriteArrayList<>());
    synchronized (list) {
      if (list.size() >= MAX_WATCHERS_PER_JOB) {
        return Optional.empty();
      }
      list.add(watcher);
    }
    events.execute(
        () -> {
          ProofJob now = jobs.get(id);
          watcher.accept(now);
          if (now.finished()) { // finished before this watcher came: nothing more to tell it
            list.remove(watcher);
            watchers.remove(id, List.of());
          }
        });
    return Optional.of(() -> list.remove(watcher));
  }

  /** Stops a watcher. */
  @FunctionalInterface
  public interface Subscription extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * The account's proofs as it can still open them: unfinished ones first, then the finished ones
   * kept (see {@link Retention}), newest first.
   */
  public List<ProofJob> jobsOf(long accountId) {
    List<String> ids = new ArrayList<>(unfinished.getOrDefault(accountId, Set.of()));
    ids.addAll(retention.newestFirst(accountId));
    return ids.stream()
        .distinct() // a job finishing right now may be read in both
        .map(jobs::get)
        .filter(j -> j != null && j.accountId() == accountId)
        .toList();
  }

  /** The account's finished proofs' feed commitments, to mark its own ledger records. */
  public List<Word> commitmentsOf(long accountId) {
    return jobsOf(accountId).stream()
        .filter(j -> j.status() == ProofJob.Status.DONE)
        .map(j -> j.result().commitF())
        .toList();
  }

  /** Prepares the current snapshot's prover ahead of the first proof (setup can take a while). */
  public void warmUp(Snapshot snapshot) {
    if (snapshot.size() < 2) {
      return; // nothing to prove over an empty catalog
    }
    worker.submit(
        () -> {
          try {
            provers.forSnapshot(snapshot);
          } catch (RuntimeException e) {
            LOG.warn("Could not prepare the feed prover for snapshot {}", snapshot.id(), e);
          }
        });
  }

  /** Proves one feed, publishing progress; returns the outcome to publish once freed. */
  private UnaryOperator<ProofJob> prove(
      String id, long accountId, int k, FeedWitness.Source source) {
    try {
      update(
          id,
          j ->
              j.at(
                  5,
                  "Scoring your encrypted interests and decrypting the scores in"
                      + " your locker"));
      FeedWitness witness = source.gather();
      Snapshot snapshot = witness.snapshot();
      update(id, j -> j.on(snapshot.id()).at(30, "Preparing the circuit for this snapshot"));
      FeedProver prover = provers.forSnapshot(snapshot);
      update(id, j -> j.at(45, "Proving your feed (zero knowledge) and verifying the proof"));
      // The prover verifies the proof before it returns it (native/export_zk.go).
      ProofResult proof =
          ProofResult.of(prover.prove(witness.likedIndices(), k, witness.decryptedScores()));
      TxData tx = ledger.recordTransaction(snapshot.id(), proof).orElse(null);
      activity.proofMade(accountId);
      return j -> j.done(proof, tx);
    } catch (NativeEngineException e) {
      String reason =
          e.status() == EngineStatus.EVALUATOR_FAULT
              ? "The evaluator's scores do not match the registered model, so this feed was not"
                  + " proven. This is an evaluator fault; please report it."
              : "The prover could not prove this feed: " + e.getMessage();
      return j -> j.failed(reason);
    } catch (FeedWitness.UnavailableException e) {
      return j -> j.failed(e.getMessage());
    } catch (RuntimeException e) {
      LOG.error("Proof job failed", e);
      return j -> j.failed(UNEXPECTED);
    }
  }

  private void update(String id, UnaryOperator<ProofJob> change) {
    ProofJob now = jobs.computeIfPresent(id, (key, job) -> change.apply(job));
    if (now != null) {
      events.execute(() -> tell(now));
      if (now.finished()) {
        forgetUnfinished(now.accountId(), id);
        forget(retention.finished(now.accountId(), id, clock.instant()));
      }
    }
  }

  private void forgetUnfinished(long accountId, String id) {
    unfinished.computeIfPresent(
        accountId,
        (a, ids) -> {
          ids.remove(id);
          return ids.isEmpty() ? null : ids;
        });
  }

  private void tell(ProofJob job) {
    List<Consumer<ProofJob>> list =
        job.finished() ? watchers.remove(job.id()) : watchers.get(job.id());
    if (list == null) {
      return;
    }
    for (Consumer<ProofJob> watcher : list) {
      try {
        watcher.accept(job);
      } catch (RuntimeException e) {
        LOG.warn("A proof progress watcher failed: {}", e.getMessage());
      }
    }
  }

  private static ExecutorService daemon(String name) {
    return Executors.newSingleThreadExecutor(
        r -> {
          Thread t = new Thread(r, name);
          t.setDaemon(true);
          return t;
        });
  }

  @Override
  public void close() {
    worker.shutdownNow();
    events.shutdownNow();
  }
}
