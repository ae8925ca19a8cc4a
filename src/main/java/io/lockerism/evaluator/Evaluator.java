package io.lockerism.evaluator;

import io.lockerism.engine.HeCiphertext;
import io.lockerism.model.Snapshot;

/**
 * Scores an encrypted interest vector against a public snapshot: Enc(s) = M·Enc(u) + w·b. An
 * evaluator sees ciphertexts, public data and nothing else; it cannot decrypt.
 */
public interface Evaluator extends AutoCloseable {

  /**
   * Streams the encrypted scores to {@code sink} one block of consecutive profiles at a time, in
   * block order. Each block's ciphertext is closed after the sink returns, so memory stays bounded
   * however large the catalog is.
   */
  void score(Snapshot snapshot, HeCiphertext interest, ScoreBlockSink sink);

  @Override
  void close();

  /** Receives one block of encrypted scores: profiles {@code firstRow .. firstRow+rows-1}. */
  @FunctionalInterface
  interface ScoreBlockSink {
    void accept(int firstRow, int rows, HeCiphertext scores);
  }
}
