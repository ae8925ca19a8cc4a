package io.lockerism.evaluator;

import io.lockerism.engine.HeCiphertext;
import io.lockerism.engine.HeScoring;
import io.lockerism.engine.HeScoringModel;
import io.lockerism.model.Snapshot;

/** The in-process evaluator: scoring through the native engine, models cached per snapshot. */
public final class LocalEvaluator implements Evaluator {

  private final ScoringModels models;

  public LocalEvaluator(HeScoring he) {
    this.models = new ScoringModels(he);
  }

  @Override
  public void score(Snapshot snapshot, HeCiphertext interest, ScoreBlockSink sink) {
    HeScoringModel model = models.forSnapshot(snapshot);
    for (int b = 0; b < model.blocks(); b++) {
      try (HeCiphertext block = model.scoreBlock(interest, b)) {
        sink.accept(b * model.rowsPerBlock(), model.rowsInBlock(b), block);
      }
    }
  }

  @Override
  public void close() {
    models.close();
  }
}
