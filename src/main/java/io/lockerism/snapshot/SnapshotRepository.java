package io.lockerism.snapshot;

import io.lockerism.model.Snapshot;
import io.lockerism.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Stored snapshots (public data) and which one is current. */
final class SnapshotRepository {

  private static final String CURRENT = "current_snapshot";

  private final Database db;

  SnapshotRepository(Database db) {
    this.db = db;
  }

  /** Stores a snapshot (a no-op when that id is stored already) and makes it current. */
  void saveAsCurrent(Snapshot s, Instant now) {
    db.inTransaction(
        c -> {
          boolean exists;
          try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM snapshots WHERE id = ?")) {
            ps.setString(1, s.id());
            try (ResultSet rs = ps.executeQuery()) {
              exists = rs.next();
            }
          }
          if (!exists) {
            try (PreparedStatement ps =
                c.prepareStatement(
                    "INSERT INTO snapshots (id, canonical,"
                        + " profiles, features, weight, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
              ps.setString(1, s.id());
              ps.setBytes(2, s.canonicalBytes());
              ps.setInt(3, s.size());
              ps.setInt(4, s.d());
              ps.setInt(5, s.weight());
              ps.setObject(6, now.atOffset(ZoneOffset.UTC));
              ps.executeUpdate();
            }
          }
          int updated;
          try (PreparedStatement ps =
              c.prepareStatement("UPDATE settings SET setting_value = ? WHERE name = ?")) {
            ps.setString(1, s.id());
            ps.setString(2, CURRENT);
            updated = ps.executeUpdate();
          }
          if (updated == 0) {
            try (PreparedStatement ps =
                c.prepareStatement("INSERT INTO settings (name, setting_value) VALUES (?, ?)")) {
              ps.setString(1, CURRENT);
              ps.setString(2, s.id());
              ps.executeUpdate();
            }
          }
          return null;
        });
  }

  Optional<String> currentId() {
    return db.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT setting_value FROM settings WHERE name = ?")) {
            ps.setString(1, CURRENT);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
            }
          }
        });
  }

  Optional<Snapshot> find(String id) {
    return db.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT canonical FROM snapshots WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next()
                  ? Optional.of(Snapshot.fromCanonicalBytes(rs.getBytes(1)))
                  : Optional.<Snapshot>empty();
            }
          }
        });
  }

  List<SnapshotSummary> list() {
    return db.withConnection(
        c -> {
          List<SnapshotSummary> out = new ArrayList<>();
          try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT id, profiles, features, weight,"
                          + " created_at FROM snapshots ORDER BY created_at DESC");
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              out.add(
                  new SnapshotSummary(
                      rs.getString(1),
                      rs.getInt(2),
                      rs.getInt(3),
                      rs.getInt(4),
                      rs.getObject(5, java.time.OffsetDateTime.class).toInstant()));
            }
          }
          return out;
        });
  }
}
