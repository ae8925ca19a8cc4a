package io.lockerism.engine;

/** What the locker does with BGV: keys, encryption, plaintext-row updates and decryption. */
public interface HeClient {

  HeParameters parameters(int features);

  /** A new key pair from a cryptographically secure random source. */
  HeKeyPair generateKeys();

  HeSecretKey readSecretKey(byte[] bytes);

  HePublicKey readPublicKey(byte[] bytes);

  HeCiphertext readCiphertext(byte[] bytes);

  /** Enc(values) under the public key (values are the interest coordinates). */
  HeCiphertext encrypt(HePublicKey key, long[] values);

  /** Enc(u ± row), computed homomorphically: nothing is decrypted. */
  HeCiphertext addRow(HeCiphertext interest, byte[] row, boolean subtract);

  /** The {@code rows} scores of one block of encrypted scores. */
  long[] decryptScores(HeSecretKey key, HeCiphertext scores, int features, int rows);

  /** The interest vector u (D coordinates). */
  long[] decryptVector(HeSecretKey key, HeCiphertext interest, int features);
}
