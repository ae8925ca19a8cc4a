package io.lockerism.evaluator;

import io.lockerism.engine.HeScoring;
import io.lockerism.engine.HeScoringModel;
import io.lockerism.model.Snapshot;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Compiled scoring models by snapshot id. Compiling precomputes the encoded catalog, so it is done
 * once per snapshot; only the two most recent snapshots are kept (the current one and the one
 * viewers may still be on while their vectors are rebuilt).
 */
final class ScoringModels implements AutoCloseable {

  private static final int KEEP = 2;

  private final HeScoring he;
  private final Map<String, HeScoringModel> models = new LinkedHashMap<>(4, 0.75f, true);

  ScoringModels(HeScoring he) {
    this.he = he;
  }

  synchronized HeScoringModel forSnapshot(Snapshot snapshot) {
    HeScoringModel model = models.get(snapshot.id());
    if (model == null) {
      model = compile(snapshot);
      models.put(snapshot.id(), model);
      evictOldest();
    }
    return model;
  }

  private HeScoringModel compile(Snapshot s) {
    return he.compile(s);
  }

  private void evictOldest() {
    var it = models.entrySet().iterator();
    while (models.size() > KEEP && it.hasNext()) {
      // Not closed here: a scoring call on another thread may still be using it. The engine's
      // cleaner releases the native model once nothing references it.
      it.next();
      it.remove();
    }
  }

  @Override
  public synchronized void close() {
    models.values().forEach(HeScoringModel::close);
    models.clear();
  }
}
