package io.lockerism.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The PostgreSQL server that scripts/test starts for the suite. Tests that use it fail (never skip)
 * when it is missing: run the suite through scripts/test.
 */
public final class PostgresTestDatabase {

  private PostgresTestDatabase() {}

  public static String url() {
    String url = System.getenv("LOCKERISM_TEST_POSTGRES_URL");
    if (url == null || url.isBlank()) {
      throw new AssertionError(
          "LOCKERISM_TEST_POSTGRES_URL is not set: run the tests with"
              + " scripts/test, which starts a PostgreSQL server for them");
    }
    return url;
  }

  public static String user() {
    return System.getenv().getOrDefault("LOCKERISM_TEST_POSTGRES_USER", "lockerism");
  }

  public static String password() {
    return System.getenv().getOrDefault("LOCKERISM_TEST_POSTGRES_PASSWORD", "");
  }

  /** Drops every table so each test class starts from an empty database. */
  public static void reset() {
    try (Connection c = DriverManager.getConnection(url(), user(), password());
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA public CASCADE");
      s.execute("CREATE SCHEMA public");
    } catch (SQLException e) {
      throw new AssertionError("cannot reset the test PostgreSQL database: " + e.getMessage(), e);
    }
  }
}
