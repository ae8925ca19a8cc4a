package io.lockerism.engine;

/**
 * What the evaluator may do: compile a public snapshot and score ciphertexts with it. There is
 * no way to obtain, read or use a secret key through this interface.
 */
public interface HeScoring {

  HeParameters parameters(int features);

  /**
   * Compiles M (row-major, {@code profiles × features} bytes 0..15), the prior b and weight w.
   */
  HeScoringModel compile(int features, int profiles, byte[] matrix, long[] prior, int weight);

  /** Reads a ciphertext; malformed bytes are a {@link NativeEngineException}, never a crash. */
  HeCiphertext readCiphertext(byte[] bytes);
}
