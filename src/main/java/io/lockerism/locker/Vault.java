package io.lockerism.locker;

import io.lockerism.engine.HeCiphertext;
import io.lockerism.engine.HeClient;
import io.lockerism.engine.HePublicKey;
import io.lockerism.engine.HeSecretKey;
import java.util.Arrays;

/**
 * A viewer's vault while their session lasts: what only the vault key and the BGV secret key can do
 * — seal and open the like-set, decrypt scores and the interest — without handing either key out.
 * The public key is public. Closing wipes the vault key and releases the native keys.
 */
public final class Vault implements AutoCloseable {

  private final long accountId;
  private final byte[] vaultKey;
  private final HeSecretKey secretKey;
  private final HePublicKey publicKey;
  private final HeClient he;
  private volatile boolean closed;

  Vault(
      long accountId, byte[] vaultKey, HeSecretKey secretKey, HePublicKey publicKey, HeClient he) {
    this.accountId = accountId;
    this.vaultKey = vaultKey;
    this.secretKey = secretKey;
    this.publicKey = publicKey;
    this.he = he;
  }

  public long accountId() {
    return accountId;
  }

  /** The BGV public key: the interest is encrypted under it. */
  public HePublicKey publicKey() {
    return publicKey;
  }

  /** Seals the encoded like-set under the vault key, bound to this account. */
  public byte[] sealLikes(byte[] encodedLikes) {
    requireOpen();
    return Aead.seal(vaultKey, encodedLikes, Locker.likesContext(accountId));
  }

  /** Opens a like-set sealed by {@link #sealLikes}; a {@link SealException} if it does not. */
  public byte[] openLikes(byte[] sealedLikes) {
    requireOpen();
    return Aead.open(vaultKey, sealedLikes, Locker.likesContext(accountId));
  }

  /** Decrypts one block of encrypted scores from the evaluator. */
  public long[] decryptScores(HeCiphertext scores, int features, int rows) {
    requireOpen();
    return he.decryptScores(secretKey, scores, features, rows);
  }

  /** Decrypts the interest vector u (for explanations). */
  public int[] decryptInterest(HeCiphertext interest, int features) {
    requireOpen();
    long[] u = he.decryptVector(secretKey, interest, features);
    return Arrays.stream(u).mapToInt(Math::toIntExact).toArray();
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("this vault is locked");
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    Arrays.fill(vaultKey, (byte) 0);
    secretKey.close();
    publicKey.close();
  }
}
