package io.lockerism.engine;

/** A BGV public key: encrypts, cannot decrypt. */
public interface HePublicKey extends AutoCloseable {

  byte[] serialize();

  @Override
  void close();
}
