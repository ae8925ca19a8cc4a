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
    Database db;
    if (kind.equals("postgres")) {
      PostgresTestDatabase.reset();
      db =
          Database.open(
              PostgresTestDatabase.url(),
              PostgresTestDatabase.user(),
              PostgresTestDatabase.password());
    } else {
      db = Database.open("jdbc:h2:mem:jobs-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    }
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
}
