package io.lockerism.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pool, migrations and the one-connection-per-thread rule, on a real in-memory H2. */
class DatabaseTest {

  private Database db;

  @BeforeEach
  void open() {
    db =
        Database.open("jdbc:h2:mem:store-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 1);
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void opensMigratedAndReady() {
    assertTrue(db.isReady());
    assertEquals(0L, count("settings"), "the migrations created the tables");
  }

  @Test
  void workInsideATransactionRunsOnItsConnectionInsteadOfAskingThePoolForASecond() {
    // The pool has one connection: asking for a second while holding it would wait for ever.
    String seen =
        db.inTransaction(
            outer -> {
              insertSetting(outer, "a", "1");
              Connection inner = db.withConnection(c -> c);
              assertSame(outer, inner, "the same connection");
              return db.withConnection(c -> read(c, "a"));
            });
    assertEquals("1", seen, "the nested read saw the transaction's own write");
    assertEquals("1", db.withConnection(c -> read(c, "a")));
  }

  @Test
  void aTransactionStartedInsideAnotherJoinsItAndRollsBackWithIt() {
    assertThrows(
        IllegalStateException.class,
        () ->
            db.inTransaction(
                outer -> {
                  insertSetting(outer, "joined", "1");
                  db.inTransaction(
                      inner -> {
                        assertSame(outer, inner);
                        insertSetting(inner, "inner", "2");
                        return null;
                      });
                  throw new IllegalStateException(
                      "the outer work fails after the inner one returned");
                }));
    assertEquals(0L, count("settings"), "neither write survived");
  }

  @Test
  void aTransactionInsideAutoCommitWorkCommitsOnItsOwn() {
    db.withConnection(
        c ->
            db.inTransaction(
                t -> {
                  assertSame(c, t);
                  insertSetting(t, "k", "v");
                  return null;
                }));
    assertEquals(1L, count("settings"));
    assertEquals(true, db.withConnection(Connection::getAutoCommit), "auto-commit is back");
  }

  @Test
  void failuresRollBackAndNameTheOperation() {
    StoreException e =
        assertThrows(
            StoreException.class,
            () ->
                db.inTransaction(
                    c -> {
                      insertSetting(c, "dup", "1");
                      insertSetting(c, "dup", "2");
                      return null;
                    }));
    assertTrue(e.getMessage().startsWith("database transaction failed"), e.getMessage());
    assertEquals(0L, count("settings"));
  }

  @Test
  void manyThreadsWithNestedWorkShareASmallPoolWithoutWaitingForEver() throws Exception {
    Database two =
        Database.open("jdbc:h2:mem:store-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 2);
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        String name = "n" + i;
        done.add(
            pool.submit(
                () ->
                    two.inTransaction(
                        c -> {
                          insertSetting(c, name, "x");
                          return two.withConnection(inner -> read(inner, name));
                        })));
      }
      for (Future<?> f : done) {
        assertEquals("x", f.get(60, TimeUnit.SECONDS));
      }
      assertEquals(64L, (long) two.withConnection(c -> countOn(c, "settings")));
    } finally {
      pool.shutdownNow();
      two.close();
    }
  }

  @Test
  void aPoolNeedsAConnection() {
    assertThrows(IllegalArgumentException.class, () -> Database.open("jdbc:h2:mem:x", "sa", "", 0));
  }

  private long count(String table) {
    return db.withConnection(c -> countOn(c, table));
  }

  private static long countOn(Connection c, String table) throws java.sql.SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + table);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void insertSetting(Connection c, String name, String value)
      throws java.sql.SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("INSERT INTO settings (name, setting_value) VALUES (?, ?)")) {
      ps.setString(1, name);
      ps.setString(2, value);
      ps.executeUpdate();
    }
  }

  private static String read(Connection c, String name) throws java.sql.SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT setting_value FROM settings WHERE name = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }
}
