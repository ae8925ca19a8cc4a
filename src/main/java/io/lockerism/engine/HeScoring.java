package io.lockerism.engine;

import io.lockerism.model.Snapshot;

/**
 * What the evaluator may do: compile a public snapshot and score ciphertexts with it. There is no
 * way to obtain, read or use a secret key through this interface.
 */
public interface HeScoring {

  HeParameters parameters(int features);

  /**
   * Compiles a snapshot's M, b and w for encrypted scoring. The snapshot crosses to the engine as
   * its canonical bytes, which the engine decodes itself (and checks against the snapshot's id).
   */
  HeScoringModel compile(Snapshot snapshot);

  /** Reads a ciphertext; malformed bytes are a {@link NativeEngineException}, never a crash. */
  HeCiphertext readCiphertext(byte[] bytes);
}
