package io.lockerism.analytics;

import io.lockerism.store.Database;
import io.lockerism.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Each viewer's lifetime privacy budget (V11__dp_viewer_lifetime_budget.sql), shared by every
 * instance on the database. Before a window is released, each viewer it would count is charged the
 * window's ρ here; the charge is a conditional UPDATE, so concurrent charges from threads or
 * instances can never take a viewer past the bound. A viewer active on several instances in one
 * window is charged and counted by the first instance only; the others see that window as the
 * viewer's last one and leave them out. (Should an instance release an older window after the
 * viewer was charged for a newer one, it charges them again: counted twice, paid twice, never past
 * the bound.)
 */
final class ViewerBudgets {

  /** What one viewer's row says: ρ × 10⁶ spent so far; 0 for a viewer never counted. */
  record Spent(long microRho) {}

  /** Viewers charged per transaction: short transactions, few round trips. */
  private static final int CHUNK = 200;

  private static final int ATTEMPTS = 8;

  private final Database db;

  ViewerBudgets(Database db) {
    this.db = db;
  }

  /**
   * Charges each viewer {@code microRho} for the window, if it fits in {@code lifetimeMicroRho} and
   * no instance charged them for this window yet. Viewers must be in ascending order (every
   * instance locks rows in one order, so two cannot deadlock). {@code decided} is told each
   * viewer's outcome as soon as its transaction commits, so a failure part-way never charges anyone
   * twice.
   */
  void charge(
      List<Long> viewers,
      long windowStart,
      long microRho,
      long lifetimeMicroRho,
      java.util.function.BiConsumer<Long, Boolean> decided) {
    for (int from = 0; from < viewers.size(); from += CHUNK) {
      List<Long> chunk = viewers.subList(from, Math.min(viewers.size(), from + CHUNK));
      Map<Long, Boolean> outcome =
          retrying(
              () ->
                  db.inTransaction(
                      c -> chargeChunk(c, chunk, windowStart, microRho, lifetimeMicroRho)));
      outcome.forEach(decided);
    }
  }

  private static Map<Long, Boolean> chargeChunk(
      Connection c, List<Long> viewers, long windowStart, long microRho, long lifetimeMicroRho)
      throws SQLException {
    Map<Long, Boolean> out = new HashMap<>();
    try (PreparedStatement update =
            c.prepareStatement(
                "UPDATE dp_viewer_budget SET spent_micro = spent_micro + ?, last_window = ?"
                    + " WHERE account_id = ? AND last_window <> ? AND spent_micro + ? <= ?");
        PreparedStatement exists =
            c.prepareStatement("SELECT 1 FROM dp_viewer_budget WHERE account_id = ?");
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO dp_viewer_budget (account_id, spent_micro, last_window)"
                    + " VALUES (?, ?, ?)")) {
      for (long viewer : viewers) {
        update.setLong(1, microRho);
        update.setLong(2, windowStart);
        update.setLong(3, viewer);
        update.setLong(4, windowStart);
        update.setLong(5, microRho);
        update.setLong(6, lifetimeMicroRho);
        if (update.executeUpdate() == 1) {
          out.put(viewer, true);
          continue;
        }
        exists.setLong(1, viewer);
        boolean known;
        try (ResultSet rs = exists.executeQuery()) {
          known = rs.next();
        }
        if (known) {
          // Spent, or already counted for this window by another instance.
          out.put(viewer, false);
          continue;
        }
        // First window of this viewer. A concurrent first charge makes this a duplicate key,
        // which retries the chunk, and the retry sees the other charge.
        insert.setLong(1, viewer);
        insert.setLong(2, microRho);
        insert.setLong(3, windowStart);
        insert.executeUpdate();
        out.put(viewer, true);
      }
    }
    return out;
  }

  /** What a viewer has spent so far. */
  Spent spent(long viewer) {
    return db.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT spent_micro FROM dp_viewer_budget WHERE account_id = ?")) {
            ps.setLong(1, viewer);
            try (ResultSet rs = ps.executeQuery()) {
              return new Spent(rs.next() ? rs.getLong(1) : 0);
            }
          }
        });
  }

  private static <T> T retrying(java.util.function.Supplier<T> work) {
    for (int attempt = 1; ; attempt++) {
      try {
        return work.get();
      } catch (StoreException e) {
        if (attempt >= ATTEMPTS || !ReleaseStore.isConflict(e)) {
          throw e;
        }
        ReleaseStore.sleepBriefly(attempt);
      }
    }
  }
}
