package io.lockerism.locker;

import io.lockerism.engine.HePublicKey;
import io.lockerism.engine.HeSecretKey;
import java.util.Arrays;

/**
 * A viewer's keys while their session lasts: the vault key and the BGV key pair. Closing wipes
 * the vault key and releases the native keys.
 */
final class UnlockedVault implements AutoCloseable {

  private final long accountId;
  private final byte[] vaultKey;
  private final HeSecretKey secretKey;
  private final HePublicKey publicKey;

  UnlockedVault(long accountId, byte[] vaultKey, HeSecretKey secretKey, HePublicKey publicKey) {
    this.accountId = accountId;
    this.vaultKey = vaultKey;
    this.secretKey = secretKey;
    this.publicKey = publicKey;
  }

  long accountId() {
    return accountId;
  }

  byte[] vaultKey() {
    return vaultKey;
  }

  HeSecretKey secretKey() {
    return secretKey;
  }

  HePublicKey publicKey() {
    return publicKey;
  }

  @Override
  public void close() {
    Arrays.fill(vaultKey, (byte) 0);
    secretKey.close();
    publicKey.close();
  }
}
