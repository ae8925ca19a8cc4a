package io.lockerism.engine;

import java.util.List;

/**
 * What the locker does with BGV: keys, the interest Enc(u) and its plaintext-row updates, queries
 * built from it, and decrypting the evaluator's replies.
 */
public interface HeClient {

  HeParameters parameters(int features);

  /** A new key pair from a cryptographically secure random source. */
  HeKeyPair generateKeys();

  HeSecretKey readSecretKey(byte[] bytes);

  HePublicKey readPublicKey(byte[] bytes);

  HeCiphertext readCiphertext(byte[] bytes);

  /** Enc(values) under the public key (values are the interest coordinates). */
  HeCiphertext encrypt(HePublicKey key, long[] values);

  /**
   * Enc(u ± row), computed homomorphically: nothing is decrypted. Deterministic: the result differs
   * from {@code interest} by the public row alone, so a stored result must be {@link #rerandomize
   * re-randomized} first.
   */
  HeCiphertext addRow(HeCiphertext interest, byte[] row, boolean subtract);

  /**
   * The same Enc(u) plus a fresh encryption of zero under {@code key}: no component of the result
   * is related to {@code interest}'s without the secret key. Each call adds one fresh encryption's
   * noise (docs/he-engine.md, "Re-randomization").
   */
  HeCiphertext rerandomize(HePublicKey key, HeCiphertext interest);

  /** The interest vector u (D coordinates). */
  long[] decryptVector(HeSecretKey key, HeCiphertext interest, int features);

  /** The folding factor G an evaluator compiles a model of this shape with. */
  int groups(int profiles, int features);

  /**
   * A fresh query for a model of {@code features} features and factor {@code groups}, built from
   * Enc(u) inside the engine: u itself never crosses into Java.
   */
  HeQuery query(HeSecretKey key, HeCiphertext interest, int features, int groups);

  /**
   * Decrypts every reply to {@code query} and returns the {@code k} best rows outside {@code
   * excluded}, best first, ties to the lower row: one crossing, only the selection comes back.
   */
  List<ScoredRow> topK(
      HeSecretKey key, HeQuery query, List<HeReply> replies, int k, int[] excluded);

  /** Every score of one reply, for rows {@code firstRow .. firstRow + rows - 1}. */
  long[] decryptReply(HeSecretKey key, HeQuery query, HeReply reply, int firstRow, int rows);
}
