package io.lockerism.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;

/**
 * The connection pool over H2 (embedded default) or PostgreSQL, migrated by Flyway on open.
 *
 * <p>A thread holds at most one pooled connection: work started while a thread already holds one (a
 * transaction, or {@link #withConnection}) runs on that same connection, and a transaction started
 * inside another joins it. So no call path can wait for a second connection while holding the
 * first, which would deadlock the pool once every connection is held that way.
 */
public final class Database implements AutoCloseable {

  /** The pool size when none is configured. */
  public static final int DEFAULT_POOL_SIZE = 10;

  /**
   * How long a request waits for a pooled connection before it is answered 503. Short, so that
   * overload turns into quick retries rather than requests hanging behind each other (Hikari's own
   * default is 30 s).
   */
  public static final long CONNECTION_WAIT_MILLIS = 3_000;

  private final HikariDataSource dataSource;
  private final ThreadLocal<Connection> held = new ThreadLocal<>();

  private Database(HikariDataSource dataSource) {
    this.dataSource = dataSource;
  }

  public static Database open(String jdbcUrl, String user, String password) {
    return open(jdbcUrl, user, password, DEFAULT_POOL_SIZE);
  }

  public static Database open(String jdbcUrl, String user, String password, int poolSize) {
    if (poolSize < 1) {
      throw new IllegalArgumentException("the pool needs at least one connection, got " + poolSize);
    }
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(jdbcUrl);
    hikari.setUsername(user);
    hikari.setPassword(password);
    hikari.setMaximumPoolSize(poolSize);
    hikari.setConnectionTimeout(CONNECTION_WAIT_MILLIS);
    hikari.setPoolName("lockerism");
    HikariDataSource ds = new HikariDataSource(hikari);
    try {
      // Flyway holds two connections while it migrates; it gets its own, so that a pool of one
      // connection works too.
      Flyway.configure()
          .dataSource(jdbcUrl, user, password)
          .locations("classpath:db/migration")
          .placeholders(
              isPostgres(jdbcUrl)
                  ? java.util.Map.of("blob", "BYTEA", "bytes", "BYTEA")
                  : java.util.Map.of("blob", "BLOB", "bytes", "BINARY VARYING(1000000)"))
          .load()
          .migrate();
    } catch (RuntimeException e) {
      ds.close();
      throw e;
    }
    return new Database(ds);
  }

  /**
   * Binary columns are BYTEA on PostgreSQL; on H2, large values are BLOBs and small ones (up to 1
   * MB, e.g. a viewer's sealed vault) stay inline. All else is portable SQL.
   */
  private static boolean isPostgres(String jdbcUrl) {
    return jdbcUrl.startsWith("jdbc:postgresql:");
  }

  /** True when a connection can be taken and answers a trivial query. */
  public boolean isReady() {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute("SELECT 1");
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  /**
   * Runs work in one transaction: committed when it returns, rolled back when it throws. Inside a
   * transaction of this thread it joins that one (which commits or rolls back as a whole).
   */
  public <T> T inTransaction(SqlWork<T> work) {
    Connection c = held.get();
    try {
      if (c == null) {
        return onNewConnection(work, true);
      }
      return c.getAutoCommit() ? transact(c, work) : work.run(c);
    } catch (SQLException e) {
      throw new StoreException("database transaction failed: " + e.getMessage(), e);
    }
  }

  /**
   * Runs read-only or single-statement work in auto-commit mode, on the connection this thread
   * already holds (and then inside its transaction, if any) or else on a pooled one.
   */
  public <T> T withConnection(SqlWork<T> work) {
    Connection c = held.get();
    try {
      return c == null ? onNewConnection(work, false) : work.run(c);
    } catch (SQLException e) {
      throw new StoreException("database query failed: " + e.getMessage(), e);
    }
  }

  /** Takes a connection from the pool and holds it for this thread while the work runs. */
  private <T> T onNewConnection(SqlWork<T> work, boolean transaction) throws SQLException {
    try (Connection c = borrow()) {
      held.set(c);
      try {
        return transaction ? transact(c, work) : work.run(c);
      } finally {
        held.remove();
      }
    }
  }

  /** A pooled connection, or {@link StoreBusyException} when none frees up in time. */
  private Connection borrow() throws SQLException {
    try {
      return dataSource.getConnection();
    } catch (SQLTransientConnectionException e) {
      throw new StoreBusyException(e);
    }
  }

  private <T> T transact(Connection c, SqlWork<T> work) throws SQLException {
    c.setAutoCommit(false);
    try {
      T result = work.run(c);
      c.commit();
      return result;
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }

  @Override
  public void close() {
    dataSource.close();
  }

  /** A unit of JDBC work. */
  @FunctionalInterface
  public interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
  }
}
