package io.lockerism.evaluator;

import io.lockerism.engine.HeQuery;
import io.lockerism.engine.HeReply;
import io.lockerism.engine.HeScoring;
import io.lockerism.engine.HeScoringModel;
import io.lockerism.model.Snapshot;

/**
 * The in-process evaluator: scoring through the native engine, models cached per snapshot.
 *
 * <p>Each call into the engine scores a range of up to {@link #RANGE_BLOCKS} blocks into one reply,
 * spread over every core inside the engine: no Java thread pool and one JNA crossing per range
 * (issue 12 measured the old per-block crossings and a decrypting caller thread making two workers
 * slower than one).
 */
public final class LocalEvaluator implements Evaluator {

  /**
   * Blocks per reply: enough for both cores to share (~0.4 ms of work per block), few enough that a
   * remote reply frame stays ~1 MB and the first one leaves early.
   */
  public static final int RANGE_BLOCKS = 32;

  private final ScoringModels models;

  public LocalEvaluator(HeScoring he) {
    this.models = new ScoringModels(he);
  }

  @Override
  public void score(Snapshot snapshot, HeQuery query, ReplySink sink) {
    HeScoringModel model = models.forSnapshot(snapshot);
    for (int b = 0; b < model.blocks(); b += RANGE_BLOCKS) {
      int count = Math.min(RANGE_BLOCKS, model.blocks() - b);
      HeReply reply = model.score(query, b, count);
      try {
        sink.accept(b * model.rowsPerBlock(), model.rowsIn(b, count), reply);
      } catch (RuntimeException | Error e) {
        reply.close(); // idempotent: the sink may have closed it already
        throw e;
      }
    }
  }

  @Override
  public boolean inProcess() {
    return true;
  }

  @Override
  public void close() {
    models.close();
  }
}
