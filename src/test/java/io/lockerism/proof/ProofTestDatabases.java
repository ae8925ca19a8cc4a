package io.lockerism.proof;

import io.lockerism.store.Database;
import io.lockerism.testing.PostgresTestDatabase;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

/** Real databases for the proof job tests: a fresh H2 or the suite's PostgreSQL, with accounts. */
final class ProofTestDatabases {

  private ProofTestDatabases() {}

  /** A fresh database of {@code kind} ("h2" or "postgres") with accounts 0..accounts-1. */
  static Database open(String kind, int accounts) {
    return withAccounts(freshUrl(kind), accounts);
  }

  /** The URL of a fresh, empty database of {@code kind}. */
  static String freshUrl(String kind) {
    if (kind.equals("postgres")) {
      PostgresTestDatabase.reset();
      return PostgresTestDatabase.url();
    }
    return "jdbc:h2:mem:jobs-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
  }

  /** Opens (and migrates) the database at {@code url}, with accounts 0..accounts-1. */
  static Database withAccounts(String url, int accounts) {
    Database db = reopen(url);
    db.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO accounts (id, username, password_hash, created_at)"
                      + " VALUES (?, ?, 'unused', ?)")) {
            for (int i = 0; i < accounts; i++) {
              ps.setLong(1, i);
              ps.setString(2, "viewer" + i);
              ps.setTimestamp(3, Timestamp.from(Instant.EPOCH));
              ps.addBatch();
            }
            ps.executeBatch();
          }
          return null;
        });
    return db;
  }

  /** Another pool on the database at {@code url} (as a second instance would have). */
  static Database reopen(String url) {
    return url.startsWith("jdbc:postgresql:")
        ? Database.open(url, PostgresTestDatabase.user(), PostgresTestDatabase.password())
        : Database.open(url, "sa", "");
  }
}
