package io.lockerism.locker;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** The vaults table: each column is sealed, or a public key. */
final class VaultRepository {

  private static final String COLUMNS =
      "account_id, kdf_salt, sealed_vault_key, sealed_he_secret_key, he_public_key";

  /** One vault row as stored. */
  record VaultRow(
      long accountId,
      byte[] kdfSalt,
      byte[] sealedVaultKey,
      byte[] sealedSecretKey,
      byte[] publicKey) {}

  /** Reads and row-locks a vault until the transaction ends (log-in and password change). */
  Optional<VaultRow> findForUpdate(Connection c, long accountId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT " + COLUMNS + " FROM vaults WHERE account_id = ? FOR UPDATE")) {
      ps.setLong(1, accountId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new VaultRow(
                rs.getLong(1), rs.getBytes(2), rs.getBytes(3), rs.getBytes(4), rs.getBytes(5)));
      }
    }
  }

  void insert(Connection c, VaultRow row) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("INSERT INTO vaults (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?)")) {
      ps.setLong(1, row.accountId());
      ps.setBytes(2, row.kdfSalt());
      ps.setBytes(3, row.sealedVaultKey());
      ps.setBytes(4, row.sealedSecretKey());
      ps.setBytes(5, row.publicKey());
      ps.executeUpdate();
    }
  }

  void updateVaultKey(Connection c, long accountId, byte[] kdfSalt, byte[] sealedVaultKey)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE vaults SET kdf_salt = ?, sealed_vault_key = ? WHERE account_id = ?")) {
      ps.setBytes(1, kdfSalt);
      ps.setBytes(2, sealedVaultKey);
      ps.setLong(3, accountId);
      ps.executeUpdate();
    }
  }
}
