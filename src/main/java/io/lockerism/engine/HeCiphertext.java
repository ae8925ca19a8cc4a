package io.lockerism.engine;

/** A BGV ciphertext: the encrypted interest vector Enc(u) a viewer keeps at rest. */
public interface HeCiphertext extends AutoCloseable {

  /** The engine's versioned binary format, safe to store or send. */
  byte[] serialize();

  @Override
  void close();
}
