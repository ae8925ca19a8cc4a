package io.lockerism.engine;

/** A BGV ciphertext: an encrypted interest vector or a block of encrypted scores. */
public interface HeCiphertext extends AutoCloseable {

  /** The engine's versioned binary format, safe to store or send. */
  byte[] serialize();

  @Override
  void close();
}
