package io.lockerism.evaluator;

import io.lockerism.engine.HeCiphertext;
import io.lockerism.engine.HeScoring;
import io.lockerism.engine.HeScoringModel;
import io.lockerism.model.Snapshot;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The in-process evaluator: scoring through the native engine, models cached per snapshot.
 *
 * <p>Large catalogs are scored on {@code workers} threads while the caller's thread runs the sink
 * (e.g. decryption), with at most {@code 2 × workers} scored blocks waiting; blocks still reach the
 * sink one at a time, in block order. Small catalogs (under {@link #PARALLEL_MIN_BLOCKS} blocks)
 * are scored on the caller's thread.
 */
public final class LocalEvaluator implements Evaluator {

  /** Below this many blocks, handing work to other threads costs more than it saves. */
  public static final int PARALLEL_MIN_BLOCKS = 256;

  private final ScoringModels models;
  private final int workers;
  private final ExecutorService pool;

  /** Scores on as many worker threads as there are processors. */
  public LocalEvaluator(HeScoring he) {
    this(he, Runtime.getRuntime().availableProcessors());
  }

  /**
   * @param workers scoring threads for large catalogs; 1 scores everything on the caller's thread
   */
  public LocalEvaluator(HeScoring he, int workers) {
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be at least 1, was " + workers);
    }
    this.models = new ScoringModels(he);
    this.workers = workers;
    this.pool = workers == 1 ? null : Executors.newFixedThreadPool(workers, daemonThreads());
  }

  @Override
  public void score(Snapshot snapshot, HeCiphertext interest, ScoreBlockSink sink) {
    HeScoringModel model = models.forSnapshot(snapshot);
    if (pool == null || model.blocks() < PARALLEL_MIN_BLOCKS) {
      for (int b = 0; b < model.blocks(); b++) {
        try (HeCiphertext block = model.scoreBlock(interest, b)) {
          sink.accept(b * model.rowsPerBlock(), model.rowsInBlock(b), block);
        }
      }
      return;
    }
    scoreInParallel(model, interest, sink);
  }

  private void scoreInParallel(HeScoringModel model, HeCiphertext interest, ScoreBlockSink sink) {
    int blocks = model.blocks();
    int window = 2 * workers;
    ArrayDeque<Future<HeCiphertext>> inFlight = new ArrayDeque<>(window);
    int next = 0;
    try {
      while (next < blocks && inFlight.size() < window) {
        inFlight.add(submit(model, interest, next++));
      }
      for (int b = 0; b < blocks; b++) {
        HeCiphertext block = await(inFlight.poll());
        if (next < blocks) {
          inFlight.add(submit(model, interest, next++));
        }
        try (block) {
          sink.accept(b * model.rowsPerBlock(), model.rowsInBlock(b), block);
        }
      }
    } finally {
      // On failure, wait for the blocks already being scored and release them.
      for (Future<HeCiphertext> f : inFlight) {
        try {
          await(f).close();
        } catch (RuntimeException ignored) {
          // the first failure is the one being reported
        }
      }
    }
  }

  private Future<HeCiphertext> submit(HeScoringModel model, HeCiphertext interest, int block) {
    return pool.submit(() -> model.scoreBlock(interest, block));
  }

  private static HeCiphertext await(Future<HeCiphertext> f) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return f.get();
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          if (e.getCause() instanceof RuntimeException r) {
            throw r;
          }
          if (e.getCause() instanceof Error err) {
            throw err;
          }
          throw new IllegalStateException("block scoring failed", e.getCause());
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static java.util.concurrent.ThreadFactory daemonThreads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "lockerism-scoring-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdown();
    }
    models.close();
  }
}
