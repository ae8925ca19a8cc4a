package io.lockerism.proof;

import io.lockerism.analytics.ActivityRecorder;
import io.lockerism.engine.EngineStatus;
import io.lockerism.engine.FeedProof;
import io.lockerism.engine.FeedProver;
import io.lockerism.engine.NativeEngineException;
import io.lockerism.evm.Word;
import io.lockerism.model.Ranking;
import io.lockerism.model.Snapshot;
import io.lockerism.store.Database;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proof jobs: gather the witness (the viewer's decrypted scores, in their vault), check that it
 * ranks to exactly the feed the viewer was shown (else the feed changed since, and nothing is
 * proven), check the scores against the model inside the prover (a mismatch is an evaluator fault
 * and is never proven), prove the feed, verify the proof, and offer the FeedLedger transaction.
 * Jobs run one at a time per instance (proving uses every core).
 *
 * <p>What a proved job keeps that links it to the viewer's likes, feed or wallet — the proof, its
 * commitments and their openings — is sealed under the viewer's vault key ({@link ProofSeal}), so
 * every read of a result needs the viewer's session.
 *
 * <p>Jobs are rows ({@link ProofJobRepository}): a job and its public result survive a restart and
 * are listed on every instance. The witness is not: it is gathered, when the job runs, by the
 * instance holding the viewer's unlocked vault, which owns the job and is the only one to claim it.
 * So a job left queued or running by a crash cannot be resumed: on start, the instance marks its
 * own unfinished jobs failed ({@link #RESTARTED}), and any instance marks failed the unfinished
 * jobs of an owner that stopped touching them ({@link #OWNER_GONE_AFTER}).
 *
 * <p>Bounded and fair: a viewer has at most {@value #MAX_UNFINISHED_PER_VIEWER} unfinished proofs
 * (one running, the rest waiting; beyond that 429), at most {@value #MAX_QUEUED} wait for an
 * instance's prover (beyond that 503 + Retry-After), and waiting proofs are taken in turn across
 * viewers. Finished jobs are pruned: each viewer keeps the newest {@value
 * #KEEP_FINISHED_PER_VIEWER}, none finished longer than {@link #KEEP_FINISHED_FOR} ago.
 */
public final class ProofService implements AutoCloseable {

  /** The longest feed a proof covers (the feed circuit's bound). */
  public static final int MAX_K = FeedProver.K_MAX;

  /** Progress streams one job may have open at once (e.g. several tabs). */
  public static final int MAX_WATCHERS_PER_JOB = 8;

  /** Unfinished (running or waiting) proofs per viewer: one running and two waiting. */
  public static final int MAX_UNFINISHED_PER_VIEWER = 3;

  /** Proofs waiting for one instance's prover, over all viewers (a proof takes up to minutes). */
  public static final int MAX_QUEUED = 64;

  /** Finished jobs kept per viewer, newest first. */
  public static final int KEEP_FINISHED_PER_VIEWER = 20;

  /** How long a finished job is kept at most. */
  public static final Duration KEEP_FINISHED_FOR = Duration.ofHours(24);

  /** How often an instance touches its unfinished jobs and prunes old ones. */
  static final Duration MAINTENANCE_EVERY = Duration.ofMinutes(1);

  /** An unfinished job not touched for this long belongs to an instance that is gone. */
  public static final Duration OWNER_GONE_AFTER = Duration.ofMinutes(10);

  /** Why a job this instance left unfinished when it stopped is failed on its next start. */
  public static final String RESTARTED =
      "The server restarted before this proof finished. Please prove again.";

  static final String OWNER_GONE =
      "The server proving this stopped before it finished. Please prove again.";

  /** Why a job is refused when the model's feed for the viewer is no longer the one shown. */
  public static final String FEED_CHANGED =
      "Your feed changed since it was shown — prove the feed you see now.";

  private static final String UNREADABLE =
      "This proof's sealed record cannot be opened with your key. Please prove again.";

  private static final String UNEXPECTED = "Something went wrong while proving. Please try again.";
  private static final String WAITING = "Waiting for the prover";
  private static final Logger LOG = LoggerFactory.getLogger(ProofService.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Database db;
  private final ProofJobRepository rows;
  private final String instance;
  private final Provers provers;
  private final LedgerTransactions ledger;
  private final ActivityRecorder activity;
  private final Clock clock;

  /** The witness sources of this instance's queued jobs; never stored. */
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();

  /** Serializes this instance's submissions, so the queue bound is counted exactly. */
  private final Object submitting = new Object();

  private final Map<String, List<Watcher>> watchers = new ConcurrentHashMap<>();
  private final ExecutorService worker = daemon("feed-prover");
  private final ScheduledExecutorService maintenance =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "proof-maintenance");
            t.setDaemon(true);
            return t;
          });

  /**
   * Tells watchers of every change, in order, on a thread of its own: a slow progress stream never
   * holds up the prover, and a watcher never misses or reorders a change.
   */
  private final ExecutorService events = daemon("proof-events");

  /**
   * Proof jobs of the instance {@code instance} (stable across its restarts) on {@code db}; marks
   * the jobs it left unfinished failed, then keeps its jobs alive and prunes on a schedule.
   */
  public ProofService(
      Database db,
      String instance,
      Provers provers,
      LedgerTransactions ledger,
      ActivityRecorder activity,
      Clock clock) {
    this.db = db;
    this.rows = new ProofJobRepository(db);
    this.instance = instance;
    this.provers = provers;
    this.ledger = ledger;
    this.activity = activity;
    this.clock = clock;
    int failed = rows.failOwnedBy(instance, RESTARTED, clock.instant());
    if (failed > 0) {
      LOG.info("Marked {} proof jobs left unfinished by the last run failed", failed);
    }
    long every = MAINTENANCE_EVERY.toSeconds();
    maintenance.scheduleWithFixedDelay(this::maintain, every, every, TimeUnit.SECONDS);
  }

  /**
   * Queues a proof of the feed an account was shown, from the witness {@code source} gathers when
   * the job runs; its result is sealed with {@code seal}. Returns the job id once its row is
   * committed. Throws {@link ProofLimitException} when the viewer has their share of unfinished
   * proofs or the queue is full.
   */
  public String start(long accountId, ShownFeed shown, FeedWitness.Source source, ProofSeal seal) {
    byte[] idBytes = new byte[16];
    RANDOM.nextBytes(idBytes);
    String id = HexFormat.of().formatHex(idBytes);
    pending.put(id, new Pending(shown, source, seal, clock.instant()));
    try {
      synchronized (submitting) {
        db.inTransaction(
            c -> {
              insertWithinBounds(id, accountId, shown.k());
              return null;
            });
      }
    } catch (RuntimeException e) {
      pending.remove(id);
      throw e;
    }
    worker.execute(this::runNext);
    return id;
  }

  private void insertWithinBounds(String id, long accountId, int k) {
    rows.lockViewer(accountId);
    if (rows.unfinishedOf(accountId) >= MAX_UNFINISHED_PER_VIEWER) {
      throw new ProofLimitException(
          ProofLimitException.Reason.VIEWER_LIMIT,
          "You already have "
              + MAX_UNFINISHED_PER_VIEWER
              + " proofs running or waiting. Wait for one to finish, then start another.");
    }
    if (rows.queuedOwnedBy(instance) >= MAX_QUEUED) {
      throw new ProofLimitException(
          ProofLimitException.Reason.QUEUE_FULL,
          "The prover is busy"
              + " with other viewers' proofs right now. Please try again in a minute.");
    }
    rows.insert(id, accountId, instance, k, WAITING, clock.instant());
  }

  /**
   * Claims and runs this instance's next waiting proof in turn; one call per queued proof. A claim
   * that fails (e.g. the database is busy), or finds only proofs of viewers who have one running on
   * another instance, is retried shortly, so no queued job is left behind.
   */
  private void runNext() {
    ProofJobRepository.Claimed next;
    try {
      next = rows.claimNext(instance, clock.instant()).orElse(null);
    } catch (RuntimeException e) {
      LOG.warn("Could not claim the next proof job; retrying shortly: {}", e.getMessage());
      maintenance.schedule(() -> worker.execute(this::runNext), 1, TimeUnit.SECONDS);
      return;
    }
    if (next == null) {
      if (rows.queuedOwnedBy(instance) > 0) { // each waits for its viewer's other proof
        maintenance.schedule(() -> worker.execute(this::runNext), 1, TimeUnit.SECONDS);
      }
      return;
    }
    Pending task = pending.remove(next.id());
    if (task == null) { // only when the job outlived this instance's memory
      finish(next, () -> rows.failed(next.id(), RESTARTED, clock.instant()));
      return;
    }
    Runnable outcome = () -> rows.failed(next.id(), UNEXPECTED, clock.instant());
    try {
      outcome = prove(next.id(), next.accountId(), task);
    } finally {
      finish(next, outcome);
    }
  }

  /** A proof waiting for the prover: what only this instance's memory holds. */
  private record Pending(
      ShownFeed shown, FeedWitness.Source source, ProofSeal seal, Instant queuedAt) {}

  /** One progress stream of a job, with the viewer's seal to open the job's result for it. */
  private record Watcher(ProofSeal seal, Consumer<ProofJob> consumer) {}

  /**
   * Runs on a schedule: keeps this instance's unfinished jobs marked alive, fails those of
   * instances that are gone, and deletes finished jobs older than {@link #KEEP_FINISHED_FOR}.
   */
  void maintain() {
    try {
      Instant now = clock.instant();
      rows.touchOwnedBy(instance, now);
      int gone = rows.failStale(now.minus(OWNER_GONE_AFTER), OWNER_GONE, now);
      if (gone > 0) {
        LOG.info("Marked {} proof jobs of a stopped instance failed", gone);
      }
      rows.deleteFinishedBefore(now.minus(KEEP_FINISHED_FOR));
      forgetUnclaimable(now.minus(OWNER_GONE_AFTER));
    } catch (RuntimeException e) {
      LOG.warn("Proof job maintenance failed; retrying on schedule: {}", e.getMessage());
    }
  }

  /**
   * Drops the witness sources of jobs queued long ago that are no longer waiting (failed by another
   * instance while this one could not reach the database), so none is held for good.
   */
  private void forgetUnclaimable(Instant queuedBefore) {
    pending.forEach(
        (id, task) -> {
          if (task.queuedAt().isBefore(queuedBefore)
              && rows.find(id).map(j -> j.job().status() != ProofJob.Status.QUEUED).orElse(true)) {
            pending.remove(id, task);
          }
        });
  }

  /** The job, only for the account that started it; its result opened with {@code seal}. */
  public Optional<ProofJob> job(String id, long accountId, ProofSeal seal) {
    return stored(id, accountId).map(j -> opened(j, seal));
  }

  private Optional<ProofJobRepository.Stored> stored(String id, long accountId) {
    if (id == null || id.length() > 64) {
      return Optional.empty();
    }
    return rows.find(id).filter(j -> j.job().accountId() == accountId);
  }

  /**
   * The receipt of a proved job of the account (docs/proofs.md, "Receipts"), with account ids from
   * {@code snapshot}, the job's snapshot; empty for another account's, an unfinished or a failed
   * job.
   */
  public Optional<Receipt> receipt(String id, long accountId, ProofSeal seal, Snapshot snapshot) {
    return stored(id, accountId)
        .filter(j -> j.sealedResult() != null && snapshot.id().equals(j.job().snapshotId()))
        .map(j -> receipt(ProofRecord.decode(seal.open(id, j.sealedResult())), snapshot));
  }

  private Receipt receipt(ProofRecord r, Snapshot snapshot) {
    ProofResult p = r.result();
    return new Receipt(
        Receipt.FORMAT,
        Receipt.VERSION,
        snapshot.id(),
        p.k(),
        entries(r.feed(), snapshot),
        entries(r.likes(), snapshot),
        r.saltL().toString(),
        r.saltF().toString(),
        p.commitL().toString(),
        p.commitF().toString(),
        p.proofHex(),
        p.publicInputs().stream().map(Word::toString).toList(),
        rows.ledgerRecordOf(snapshot.id(), p.commitF()).orElse(null));
  }

  private static List<Receipt.Entry> entries(List<Integer> indices, Snapshot snapshot) {
    return indices.stream().map(i -> new Receipt.Entry(snapshot.accountId(i), i)).toList();
  }

  /**
   * The job with its sealed result opened, marked published when the ledger holds its feed, and
   * with the FeedLedger transaction. A record that does not open (e.g. sealed under a key the
   * viewer no longer has) shows as failed.
   */
  private ProofJob opened(ProofJobRepository.Stored stored, ProofSeal seal) {
    ProofJob job = stored.job();
    if (stored.sealedResult() == null) {
      return job;
    }
    ProofResult result;
    try {
      result = ProofRecord.decode(seal.open(job.id(), stored.sealedResult())).result();
    } catch (FeedWitness.UnavailableException e) {
      throw e; // the viewer is logged out: nothing of the result can be shown
    } catch (RuntimeException e) {
      LOG.warn("A proof record did not open: {}", e.getMessage());
      return job.unreadable(UNREADABLE);
    }
    boolean published = rows.ledgerRecordOf(job.snapshotId(), result.commitF()).isPresent();
    return withTransaction(job.withResult(result, published));
  }

  /**
   * Tells {@code watcher} the job's state now and at every change until it finishes (the last call
   * is with the finished job). Empty when there is no such job for this account, or it has {@value
   * #MAX_WATCHERS_PER_JOB} watchers already. Close the subscription to stop early.
   */
  public Optional<Subscription> watch(
      String id, long accountId, ProofSeal seal, Consumer<ProofJob> consumer) {
    Optional<ProofJob> found = job(id, accountId, seal);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Watcher watcher = new Watcher(seal, consumer);
    List<Watcher> list = watchers.computeIfAbsent(id, key -> new CopyOnWriteArrayList<>());
    synchronized (list) {
      if (list.size() >= MAX_WATCHERS_PER_JOB) {
        return Optional.empty();
      }
      list.add(watcher);
    }
    events.execute(
        () -> {
          // Read again on the events thread: a change told before this read is already in it.
          ProofJob now = job(id, accountId, seal).orElse(found.get());
          consumer.accept(now);
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
   * kept, newest first, each with whether its feed is recorded on the ledger.
   */
  public List<ProofJob> jobsOf(long accountId, ProofSeal seal) {
    return rows.ofViewer(accountId, MAX_UNFINISHED_PER_VIEWER + KEEP_FINISHED_PER_VIEWER).stream()
        .map(j -> opened(j, seal))
        .toList();
  }

  /** The account's finished proofs' feed commitments, to mark its own ledger records. */
  public List<Word> commitmentsOf(long accountId, ProofSeal seal) {
    return jobsOf(accountId, seal).stream()
        .filter(j -> j.status() == ProofJob.Status.DONE)
        .map(j -> j.result().commitF())
        .toList();
  }

  /**
   * A proved job with the FeedLedger transaction to send, built when read (not stored), so that it
   * always targets the ledger this instance is configured with.
   */
  private ProofJob withTransaction(ProofJob job) {
    if (job.status() != ProofJob.Status.DONE) {
      return job;
    }
    return job.withTransaction(
        ledger.recordTransaction(job.snapshotId(), job.result()).orElse(null));
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

  /**
   * Proves one feed, publishing progress; returns the outcome to store once freed. The feed proven
   * is the one shown: the witness must rank to it before anything is proven, and the prover's feed
   * must equal it after.
   */
  private Runnable prove(String id, long accountId, Pending task) {
    try {
      progress(
          id, 5, "Scoring your encrypted interests and decrypting the scores in your locker", null);
      FeedWitness witness = task.source().gather();
      Snapshot snapshot = witness.snapshot();
      int[] feed = shownFeedOf(witness, task.shown());
      if (feed.length == 0) {
        return () -> rows.failed(id, FEED_CHANGED, clock.instant());
      }
      progress(id, 30, "Preparing the circuit for this snapshot", snapshot.id());
      FeedProver prover = provers.forSnapshot(snapshot);
      progress(id, 45, "Proving your feed (zero knowledge) and verifying the proof", null);
      // The prover verifies the proof before it returns it (native/export_zk.go).
      FeedProof p =
          prover.prove(
              witness.likedIndices(),
              task.shown().k(),
              witness.decryptedScores(),
              witness.publisher());
      if (!p.feed().equals(Arrays.stream(feed).boxed().toList())) {
        return () -> rows.failed(id, FEED_CHANGED, clock.instant());
      }
      ProofRecord record =
          new ProofRecord(
              ProofResult.of(p),
              Arrays.stream(witness.likedIndices()).boxed().toList(),
              p.feed(),
              Word.parse(p.saltL(), "the like-set's salt"),
              Word.parse(p.saltF(), "the feed's salt"));
      byte[] sealed = task.seal().seal(id, record.encode());
      activity.proofMade(accountId);
      return () -> rows.proved(id, sealed, p.k(), "Proved and verified", clock.instant());
    } catch (NativeEngineException e) {
      String reason =
          e.status() == EngineStatus.EVALUATOR_FAULT
              ? "The evaluator's scores do not match the registered model, so this feed was not"
                  + " proven. This is an evaluator fault; please report it."
              : "The prover could not prove this feed: " + e.getMessage();
      return () -> rows.failed(id, reason, clock.instant());
    } catch (FeedWitness.UnavailableException e) {
      return () -> rows.failed(id, e.getMessage(), clock.instant());
    } catch (RuntimeException e) {
      LOG.error("Proof job failed", e);
      return () -> rows.failed(id, UNEXPECTED, clock.instant());
    }
  }

  /**
   * The feed the witness ranks to, as snapshot indices, when it is exactly the feed shown (same
   * snapshot, same profiles in the same order); else empty. Ranked from the viewer's decrypted
   * scores the way the page ranked them, so a like or a new snapshot since shows here.
   */
  static int[] shownFeedOf(FeedWitness witness, ShownFeed shown) {
    Snapshot snapshot = witness.snapshot();
    if (!snapshot.id().equals(shown.snapshotId())) {
      return new int[0];
    }
    int[] now =
        Ranking.top(
            witness.decryptedScores(),
            Arrays.stream(witness.likedIndices()).boxed().collect(Collectors.toSet()),
            shown.k());
    if (now.length != shown.accountIds().size()) {
      return new int[0];
    }
    for (int i = 0; i < now.length; i++) {
      if (!snapshot.accountId(now[i]).equals(shown.accountIds().get(i))) {
        return new int[0];
      }
    }
    return now;
  }

  /**
   * Stores a step of a running job and tells its watchers. A failed write only loses the progress
   * bar's step (the outcome is stored at the end), so the proof goes on.
   */
  private void progress(String id, int percent, String stage, String snapshotId) {
    try {
      rows.progress(id, percent, stage, snapshotId, clock.instant());
      announce(id);
    } catch (RuntimeException e) {
      LOG.warn("Could not store a proof job's progress: {}", e.getMessage());
    }
  }

  /**
   * Stores a job's outcome and, in the same transaction, prunes the viewer's finished jobs beyond
   * the newest {@value #KEEP_FINISHED_PER_VIEWER}; then tells the job's watchers. If the outcome
   * cannot be stored, the job stays running until this instance restarts or stops touching it, and
   * is then marked failed.
   */
  private void finish(ProofJobRepository.Claimed job, Runnable outcome) {
    try {
      db.inTransaction(
          c -> {
            outcome.run();
            rows.deleteFinishedBeyond(job.accountId(), KEEP_FINISHED_PER_VIEWER);
            return null;
          });
      announce(job.id());
    } catch (RuntimeException e) {
      LOG.error("Could not store a proof job's outcome: {}", e.getMessage());
    }
  }

  private void announce(String id) {
    if (!watchers.containsKey(id)) {
      return; // nobody is watching: no need to read the row
    }
    rows.find(id).ifPresent(job -> events.execute(() -> tell(job)));
  }

  private void tell(ProofJobRepository.Stored stored) {
    String id = stored.job().id();
    List<Watcher> list = stored.job().finished() ? watchers.remove(id) : watchers.get(id);
    if (list == null) {
      return;
    }
    for (Watcher watcher : list) {
      try {
        watcher.consumer().accept(opened(stored, watcher.seal()));
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
    maintenance.shutdownNow();
    worker.shutdownNow();
    events.shutdownNow();
  }
}
