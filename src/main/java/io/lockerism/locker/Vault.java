package io.lockerism.locker;

import io.lockerism.engine.HeCiphertext;
import io.lockerism.engine.HeClient;
import io.lockerism.engine.HePublicKey;
import io.lockerism.engine.HeQuery;
import io.lockerism.engine.HeReply;
import io.lockerism.engine.HeSecretKey;
import io.lockerism.engine.ScoredRow;
import java.util.Arrays;
import java.util.List;

/**
 * A viewer's vault while their session lasts: what only the vault key and the BGV secret key can do
 * — seal and open the like-set, build queries from the interest and decrypt the replies — without
 * handing either key out. The public key is public. Closing wipes the vault key and releases the
 * native keys.
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

  /** Seals a proof job's record under the vault key, bound to this account and the job. */
  public byte[] sealProof(String jobId, byte[] record) {
    requireOpen();
    return Aead.seal(vaultKey, record, Locker.proofContext(accountId, jobId));
  }

  /** Opens a record sealed by {@link #sealProof}; a {@link SealException} if it does not. */
  public byte[] openProof(String jobId, byte[] sealedRecord) {
    requireOpen();
    return Aead.open(vaultKey, sealedRecord, Locker.proofContext(accountId, jobId));
  }

  /**
   * A fresh query for a catalog of {@code profiles} × {@code features}, built from Enc(u) inside
   * the engine with this vault's secret key (u is never exposed).
   */
  public HeQuery query(HeCiphertext interest, int profiles, int features) {
    requireOpen();
    return he.query(secretKey, interest, features, he.groups(profiles, features));
  }

  /** Decrypts every reply to {@code query} into the k best rows outside {@code excluded}. */
  public List<ScoredRow> topK(HeQuery query, List<HeReply> replies, int k, int[] excluded) {
    requireOpen();
    return he.topK(secretKey, query, replies, k, excluded);
  }

  /** Decrypts every score of one reply (rows {@code firstRow .. firstRow + rows - 1}). */
  public long[] decryptReply(HeQuery query, HeReply reply, int firstRow, int rows) {
    requireOpen();
    return he.decryptReply(secretKey, query, reply, firstRow, rows);
  }

  /** Decrypts the interest vector u (for explanations). */
  public int[] decryptInterest(HeCiphertext interest, int features) {
    requireOpen();
    long[] u = he.decryptVector(secretKey, interest, features);
    return Arrays.stream(u).mapToInt(Math::toIntExact).toArray();
  }

  /** Whether the vault is locked (its session logged out or expired). */
  public boolean isClosed() {
    return closed;
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
