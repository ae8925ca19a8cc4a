package io.lockerism.testing;

import io.lockerism.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

/** Accounts inserted straight into the database, for tests whose viewers never log in over HTTP. */
public final class TestAccounts {

  private TestAccounts() {}

  /** Inserts an account named {@code username} (no usable password) and returns its id. */
  public static long insert(Database db, String username) {
    return db.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO accounts (username, password_hash, created_at)"
                      + " VALUES (?, 'unused', CURRENT_TIMESTAMP)",
                  Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, username);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
              keys.next();
              return keys.getLong(1);
            }
          }
        });
  }
}
