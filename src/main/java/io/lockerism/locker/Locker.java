package io.lockerism.locker;

import io.lockerism.account.PasswordHasher;
import io.lockerism.engine.HeClient;
import io.lockerism.engine.HeKeyPair;
import io.lockerism.engine.HeSecretKey;
import io.lockerism.store.Database;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Key custody. Each viewer's vault key is sealed under a key derived from their password
 * (Argon2id); it seals their BGV secret key (and, through {@link Vault}, their like-set). At log-in
 * the vault is unlocked into memory for that session only; logging out or expiry wipes it. That is
 * all the locker does: unlock, seal and decrypt. What is sealed with it lives elsewhere (the
 * viewer's interest store).
 */
public final class Locker implements AutoCloseable {

  private static final int KDF_MEMORY_KIB = PasswordHasher.MEMORY_KIB;
  private static final int KDF_ITERATIONS = PasswordHasher.ITERATIONS;
  private static final int SALT_BYTES = 16;

  private final Database db;
  private final HeClient he;
  private final VaultRepository vaults = new VaultRepository();
  private final Map<String, Vault> open = new ConcurrentHashMap<>();

  public Locker(Database db, HeClient he) {
    this.db = db;
    this.he = he;
  }

  /**
   * Unlocks the account's vault for a session, creating the vault (a new vault key and BGV key
   * pair) on first use. Throws {@link SealException} when the password does not open it.
   */
  public Vault unlock(String sessionId, long accountId, char[] password) {
    Vault vault =
        db.inTransaction(
            c -> {
              var row = vaults.findForUpdate(c, accountId);
              return row.isPresent() ? open(row.get(), password) : create(c, accountId, password);
            });
    Vault previous = open.put(sessionId, vault);
    if (previous != null) {
      previous.close();
    }
    return vault;
  }

  /** Wipes the session's keys; a no-op for a session without an unlocked vault. */
  public void lock(String sessionId) {
    Vault vault = open.remove(sessionId);
    if (vault != null) {
      vault.close();
    }
  }

  public boolean isUnlocked(String sessionId) {
    return sessionId != null && open.containsKey(sessionId);
  }

  /** The session's unlocked vault, if it has one. */
  public Optional<Vault> vault(String sessionId) {
    return sessionId == null ? Optional.empty() : Optional.ofNullable(open.get(sessionId));
  }

  /**
   * Re-seals the vault key under a new password; the keys and what they seal are untouched. In the
   * caller's transaction when there is one (the account's password hash changes in the same one),
   * so both change or neither.
   */
  public void reseal(long accountId, char[] oldPassword, char[] newPassword) {
    db.inTransaction(
        c -> {
          var row = vaults.findForUpdate(c, accountId).orElse(null);
          if (row == null) {
            return null; // created at the next log-in, under the new password
          }
          byte[] vaultKey = openVaultKey(row, oldPassword);
          try {
            byte[] salt = Aead.randomBytes(SALT_BYTES);
            vaults.updateVaultKey(
                c, accountId, salt, sealVaultKey(vaultKey, salt, newPassword, accountId));
          } finally {
            Arrays.fill(vaultKey, (byte) 0);
          }
          return null;
        });
  }

  private Vault create(java.sql.Connection c, long accountId, char[] password)
      throws java.sql.SQLException {
    byte[] vaultKey = Aead.randomKey();
    byte[] salt = Aead.randomBytes(SALT_BYTES);
    HeKeyPair keys = he.generateKeys();
    vaults.insert(
        c,
        new VaultRepository.VaultRow(
            accountId,
            salt,
            sealVaultKey(vaultKey, salt, password, accountId),
            Aead.seal(vaultKey, keys.secretKey().serialize(), secretKeyContext(accountId)),
            keys.publicKey().serialize()));
    return new Vault(accountId, vaultKey, keys.secretKey(), keys.publicKey(), he);
  }

  private Vault open(VaultRepository.VaultRow row, char[] password) {
    byte[] vaultKey = openVaultKey(row, password);
    byte[] secret = Aead.open(vaultKey, row.sealedSecretKey(), secretKeyContext(row.accountId()));
    try {
      HeSecretKey sk = he.readSecretKey(secret);
      return new Vault(row.accountId(), vaultKey, sk, he.readPublicKey(row.publicKey()), he);
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }

  private static byte[] openVaultKey(VaultRepository.VaultRow row, char[] password) {
    byte[] kek = deriveKek(password, row.kdfSalt());
    try {
      return Aead.open(kek, row.sealedVaultKey(), vaultKeyContext(row.accountId()));
    } finally {
      Arrays.fill(kek, (byte) 0);
    }
  }

  private static byte[] sealVaultKey(
      byte[] vaultKey, byte[] salt, char[] password, long accountId) {
    byte[] kek = deriveKek(password, salt);
    try {
      return Aead.seal(kek, vaultKey, vaultKeyContext(accountId));
    } finally {
      Arrays.fill(kek, (byte) 0);
    }
  }

  private static byte[] deriveKek(char[] password, byte[] salt) {
    return PasswordHasher.derive(password, salt, KDF_MEMORY_KIB, KDF_ITERATIONS, 1, Aead.KEY_BYTES);
  }

  private static String vaultKeyContext(long accountId) {
    return "lockerism/vault-key/v1/" + accountId;
  }

  private static String secretKeyContext(long accountId) {
    return "lockerism/he-secret-key/v1/" + accountId;
  }

  static String likesContext(long accountId) {
    return "lockerism/likes/v1/" + accountId;
  }

  static String proofContext(long accountId, String jobId) {
    return "lockerism/proof/v1/" + accountId + "/" + jobId;
  }

  @Override
  public void close() {
    open.keySet().forEach(this::lock);
  }
}
