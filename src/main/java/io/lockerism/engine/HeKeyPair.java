package io.lockerism.engine;

/** A freshly generated key pair; closing it releases both keys. */
public record HeKeyPair(HeSecretKey secretKey, HePublicKey publicKey) implements AutoCloseable {

  @Override
  public void close() {
    secretKey.close();
    publicKey.close();
  }
}
