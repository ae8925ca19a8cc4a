package io.lockerism.engine;

import io.lockerism.model.Snapshot;

/**
 * What the evaluator may do: compile a public snapshot and score queries with it. There is no way
 * to obtain, read or use a secret key through this interface.
 */
public interface HeScoring {

  HeParameters parameters(int features);

  /**
   * Compiles a snapshot's M, b and w for encrypted scoring, with the folding factor {@link
   * HeClient#groups} picks for its shape. The snapshot crosses to the engine as its canonical
   * bytes, which the engine decodes itself (and checks against the snapshot's id).
   */
  HeScoringModel compile(Snapshot snapshot);

  /** Reads a query; malformed bytes are a {@link NativeEngineException}, never a crash. */
  HeQuery readQuery(byte[] bytes);

  /** Reads a reply; malformed bytes are a {@link NativeEngineException}, never a crash. */
  HeReply readReply(byte[] bytes);
}
