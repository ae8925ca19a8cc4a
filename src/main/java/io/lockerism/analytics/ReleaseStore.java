package io.lockerism.analytics;

import io.lockerism.store.Database;
import io.lockerism.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The budget ledger and the stored noisy releases (V4__dp_releases.sql). A release charges its
 * series' ρ against the scope's window budget in the same transaction that stores its values, so
 * the ledger never shows a release that was not stored, nor a stored release it did not pay for;
 * concurrent releases from threads or instances are serialised by the database (a conditional
 * UPDATE of the budget row and primary keys on charges and releases).
 */
final class ReleaseStore {

  /** How a release attempt ended. */
  enum Outcome {
    RELEASED,
    /** This instance's partial for the series and window is already stored. */
    ALREADY_RELEASED,
    /** The window's budget cannot pay for the series: nothing was stored. */
    BUDGET_SPENT
  }

  /** One stored partial value of a series for a window and cell. */
  record StoredValue(long windowStart, String series, double scale, long value) {}

  /** A scope's ledger row for a window. */
  record Budget(long windowStart, long budgetMicro, long spentMicro) {
    long leftMicro() {
      return budgetMicro - spentMicro;
    }
  }

  private static final int ATTEMPTS = 8;

  /** The budget cannot pay: thrown inside the transaction so that it rolls back. */
  private static final class Refused extends RuntimeException {
    Refused() {
      super("privacy budget spent", null, false, false);
    }
  }

  private final Database db;

  ReleaseStore(Database db) {
    this.db = db;
  }

  /**
   * Stores this instance's noisy partial of a series for a window, paying the series' ρ from the
   * scope's budget unless another instance already paid for this series and window.
   */
  Outcome release(
      long windowStart,
      Series series,
      String instanceId,
      double scale,
      long microRho,
      long budgetMicro,
      List<String> cells,
      long[] noisy) {
    if (cells.size() != noisy.length) {
      throw new IllegalArgumentException("one noisy value per cell");
    }
    ensureBudgetRow(series.scope(), windowStart, budgetMicro);
    for (int attempt = 1; ; attempt++) {
      try {
        return db.inTransaction(
            c -> releaseOnce(c, windowStart, series, instanceId, scale, microRho, cells, noisy));
      } catch (Refused e) {
        return Outcome.BUDGET_SPENT;
      } catch (StoreException e) {
        // A concurrent release of the same series won a key or a lock: try again, and see it.
        if (attempt >= ATTEMPTS || !isConflict(e)) {
          throw e;
        }
        sleepBriefly(attempt);
      }
    }
  }

  private Outcome releaseOnce(
      Connection c,
      long windowStart,
      Series series,
      String instanceId,
      double scale,
      long microRho,
      List<String> cells,
      long[] noisy)
      throws SQLException {
    String name = series.storedName();
    if (exists(
        c,
        "SELECT 1 FROM dp_releases WHERE window_start = ? AND series = ?" + " AND instance_id = ?",
        windowStart,
        name,
        instanceId)) {
      return Outcome.ALREADY_RELEASED;
    }
    if (!exists(
        c, "SELECT 1 FROM dp_charges WHERE window_start = ? AND series = ?", windowStart, name)) {
      // The charge row first: a concurrent release of the same series waits on its key and
      // then sees it (or, if this one is refused and rolled back, tries to pay itself).
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO dp_charges (window_start, series, rho_micro) VALUES (?, ?, ?)")) {
        ps.setLong(1, windowStart);
        ps.setString(2, name);
        ps.setLong(3, microRho);
        ps.executeUpdate();
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "UPDATE dp_budget SET spent_micro ="
                  + " spent_micro + ? WHERE scope = ? AND window_start = ?"
                  + " AND spent_micro + ? <= budget_micro")) {
        ps.setLong(1, microRho);
        ps.setString(2, series.scope().name());
        ps.setLong(3, windowStart);
        ps.setLong(4, microRho);
        if (ps.executeUpdate() != 1) {
          throw new Refused(); // rolls the charge back
        }
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO dp_releases (window_start,"
                + " series, instance_id, noise_scale, released_at) VALUES (?, ?, ?, ?, ?)")) {
      ps.setLong(1, windowStart);
      ps.setString(2, name);
      ps.setString(3, instanceId);
      ps.setDouble(4, scale);
      ps.setTimestamp(5, Timestamp.from(Instant.now()));
      ps.executeUpdate();
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO dp_values (window_start, series,"
                + " instance_id, cell, noisy_value) VALUES (?, ?, ?, ?, ?)")) {
      for (int i = 0; i < noisy.length; i++) {
        ps.setLong(1, windowStart);
        ps.setString(2, name);
        ps.setString(3, instanceId);
        ps.setString(4, cells.get(i));
        ps.setLong(5, noisy[i]);
        ps.addBatch();
        if (i % 1000 == 999) {
          ps.executeBatch();
        }
      }
      ps.executeBatch();
    }
    return Outcome.RELEASED;
  }

  /** Creates the scope's ledger row for the window; another instance may have done it first. */
  private void ensureBudgetRow(Scope scope, long windowStart, long budgetMicro) {
    for (int attempt = 1; ; attempt++) {
      try {
        db.inTransaction(
            c -> {
              if (!exists(
                  c,
                  "SELECT 1 FROM dp_budget WHERE scope = ? AND window_start = ?",
                  scope.name(),
                  windowStart)) {
                try (PreparedStatement ps =
                    c.prepareStatement(
                        "INSERT INTO dp_budget (scope,"
                            + " window_start, budget_micro, spent_micro) VALUES (?, ?, ?, 0)")) {
                  ps.setString(1, scope.name());
                  ps.setLong(2, windowStart);
                  ps.setLong(3, budgetMicro);
                  ps.executeUpdate();
                }
              }
              return null;
            });
        return;
      } catch (StoreException e) {
        if (attempt >= ATTEMPTS || !isConflict(e)) {
          throw e;
        }
        sleepBriefly(attempt);
      }
    }
  }

  /** The stored partial values of a cell ('' for the dashboard) in [from, to]. */
  List<StoredValue> values(String cell, List<Series> series, long from, long to) {
    return db.withConnection(
        c -> {
          List<String> names = series.stream().map(Series::storedName).toList();
          String in = String.join(", ", java.util.Collections.nCopies(names.size(), "?"));
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT v.window_start, v.series,"
                      + " r.noise_scale, v.noisy_value FROM dp_values v JOIN dp_releases r"
                      + " ON r.window_start = v.window_start AND r.series = v.series"
                      + " AND r.instance_id = v.instance_id WHERE v.cell = ? AND v.window_start >= ?"
                      + " AND v.window_start <= ? AND v.series IN ("
                      + in
                      + ")")) {
            ps.setString(1, cell);
            ps.setLong(2, from);
            ps.setLong(3, to);
            for (int i = 0; i < names.size(); i++) {
              ps.setString(4 + i, names.get(i));
            }
            List<StoredValue> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new StoredValue(
                        rs.getLong(1), rs.getString(2), rs.getDouble(3), rs.getLong(4)));
              }
            }
            return out;
          }
        });
  }

  /** The scope's ledger rows in [from, to], oldest first. */
  List<Budget> budgets(Scope scope, long from, long to) {
    return db.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT window_start, budget_micro,"
                      + " spent_micro FROM dp_budget WHERE scope = ? AND window_start >= ?"
                      + " AND window_start <= ? ORDER BY window_start")) {
            ps.setString(1, scope.name());
            ps.setLong(2, from);
            ps.setLong(3, to);
            List<Budget> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(new Budget(rs.getLong(1), rs.getLong(2), rs.getLong(3)));
              }
            }
            return out;
          }
        });
  }

  /** The series charged in [from, to], as "window_start series". */
  java.util.Set<String> charges(long from, long to) {
    return db.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT window_start, series FROM"
                      + " dp_charges WHERE window_start >= ? AND window_start <= ?")) {
            ps.setLong(1, from);
            ps.setLong(2, to);
            java.util.Set<String> out = new java.util.HashSet<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(rs.getLong(1) + " " + rs.getString(2));
              }
            }
            return out;
          }
        });
  }

  /** How many windows have had any series released (and charged) so far. */
  long releasedWindows() {
    return db.withConnection(
        c -> {
          try (PreparedStatement ps =
                  c.prepareStatement("SELECT COUNT(DISTINCT window_start) FROM dp_charges");
              ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }

  private static boolean exists(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** Duplicate keys (23…), serialization failures and deadlocks (40…), lock timeouts (HYT00). */
  static boolean isConflict(StoreException e) {
    if (!(e.getCause() instanceof SQLException sql) || sql.getSQLState() == null) {
      return false;
    }
    String state = sql.getSQLState();
    return state.startsWith("23") || state.startsWith("40") || state.equals("HYT00");
  }

  static void sleepBriefly(int attempt) {
    try {
      Thread.sleep(5L * attempt);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while retrying a release", e);
    }
  }
}
