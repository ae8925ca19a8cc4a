package io.lockerism.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.lockerism.testing.PostgresTestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * V5 moves each viewer's sealed like-set and interest out of the vaults table: a database with
 * viewers from before it keeps every byte of them, on H2 and on PostgreSQL.
 */
class MigrationTest {

  private static final byte[] LIKES = {1, 2, 3, 4};
  private static final byte[] INTEREST = {'L', 'K', 'H', 'E', 9};

  @Test
  void anH2DatabaseFromBeforeV5KeepsItsViewersInterests() throws SQLException {
    String url = "jdbc:h2:mem:migration-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    check(url, "sa", "", Map.of("blob", "BLOB", "bytes", "BINARY VARYING(1000000)"));
  }

  @Test
  void aPostgresDatabaseFromBeforeV5KeepsItsViewersInterests() throws SQLException {
    PostgresTestDatabase.reset();
    check(
        PostgresTestDatabase.url(),
        PostgresTestDatabase.user(),
        PostgresTestDatabase.password(),
        Map.of("blob", "BYTEA", "bytes", "BYTEA"));
    PostgresTestDatabase.reset();
  }

  private static void check(
      String url, String user, String password, Map<String, String> placeholders)
      throws SQLException {
    Flyway.configure()
        .dataSource(url, user, password)
        .locations("classpath:db/migration")
        .placeholders(placeholders)
        .target("3")
        .load()
        .migrate();
    try (Connection c = DriverManager.getConnection(url, user, password)) {
      c.createStatement()
          .executeUpdate(
              "INSERT INTO accounts (id, username, password_hash,"
                  + " created_at) VALUES (7, 'before', 'x', CURRENT_TIMESTAMP)");
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO vaults (account_id, kdf_salt,"
                  + " sealed_vault_key, sealed_he_secret_key, he_public_key, sealed_likes, interest)"
                  + " VALUES (7, ?, ?, ?, ?, ?, ?)")) {
        for (int i = 1; i <= 4; i++) {
          ps.setBytes(i, new byte[] {(byte) i});
        }
        ps.setBytes(5, LIKES);
        ps.setBytes(6, INTEREST);
        ps.executeUpdate();
      }
    }
    try (Database db = Database.open(url, user, password, 1)) {
      db.withConnection(
          c -> {
            try (ResultSet rs =
                c.createStatement()
                    .executeQuery(
                        "SELECT account_id, sealed_likes, interest FROM viewer_interests")) {
              rs.next();
              assertEquals(7, rs.getLong(1));
              assertArrayEquals(LIKES, rs.getBytes(2));
              assertArrayEquals(INTEREST, rs.getBytes(3));
              assertFalse(rs.next());
            }
            try (ResultSet rs = c.createStatement().executeQuery("SELECT * FROM vaults")) {
              assertEquals(5, rs.getMetaData().getColumnCount(), "the vault keeps its keys only");
            }
            return null;
          });
    }
  }
}
