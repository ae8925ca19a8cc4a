package io.lockerism.proof;

import io.lockerism.store.Database;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A snapshot's development setup shared through the database (V9__shared_prover_setups.sql, keyed
 * by circuit since V10), so that every instance on it proves with the one key pair the chain
 * verifies: the first instance to need the keys claims the setup and stores its files once ready;
 * the others copy them into their prover cache. The files are public (circuit, proving and
 * verifying key, metadata). A setup is of one circuit: instances of another circuit version or
 * gnark version neither see nor copy it.
 */
final class SharedSetups {

  /** Parts the files are stored in: bounded memory however large the proving key. */
  static final int PART_BYTES = 4 << 20;

  /** A claim not finished for this long belongs to an instance that stopped mid-setup. */
  static final Duration CLAIM_STALE_AFTER = Duration.ofHours(1);

  /** What a setup writes into the prover cache (circuits/feedproof/store.go). */
  private static final List<String> SETUP_FILES = List.of(".ccs", ".pk", ".vk", ".setup");

  private final Database db;
  private final String instance;
  private final String circuit;
  private final Clock clock;

  /**
   * @param circuit the circuit the setups are for, as the prover cache names it after the snapshot
   *     id ({@link io.lockerism.engine.FeedProver#circuitKey})
   */
  SharedSetups(Database db, String instance, String circuit, Clock clock) {
    this.db = db;
    this.instance = instance;
    this.circuit = circuit;
    this.clock = clock;
  }

  /** The verifying key hash of the snapshot's stored setup, once one is ready. */
  Optional<String> readyVk(String snapshotId) {
    return db.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT vk_sha256 FROM prover_setups"
                      + " WHERE snapshot_id = ? AND circuit = ? AND state = 'ready'")) {
            ps.setString(1, snapshotId);
            ps.setString(2, circuit);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
          }
        });
  }

  /**
   * Claims the snapshot's setup for this instance: true when no instance holds it, the one that did
   * stopped long ago, or it was this instance before a restart (killed mid-setup); then this
   * instance runs it and {@link #publish publishes} it.
   */
  boolean claim(String snapshotId) {
    try {
      return tryClaim(snapshotId);
    } catch (ClaimedElsewhere e) {
      return false;
    }
  }

  private boolean tryClaim(String snapshotId) {
    Timestamp now = Timestamp.from(clock.instant());
    Timestamp stale = Timestamp.from(clock.instant().minus(CLAIM_STALE_AFTER));
    return db.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE prover_setups SET owner = ?, updated_at = ?"
                      + " WHERE snapshot_id = ? AND circuit = ? AND state = 'running'"
                      + " AND (updated_at < ? OR owner = ?)")) {
            ps.setString(1, instance);
            ps.setTimestamp(2, now);
            ps.setString(3, snapshotId);
            ps.setString(4, circuit);
            ps.setTimestamp(5, stale);
            ps.setString(6, instance);
            if (ps.executeUpdate() == 1) {
              // from an instance that stopped long ago, or from this one before a restart
              return true;
            }
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO prover_setups (snapshot_id, circuit, owner, state, updated_at)"
                      + " VALUES (?, ?, ?, 'running', ?)")) {
            ps.setString(1, snapshotId);
            ps.setString(2, circuit);
            ps.setString(3, instance);
            ps.setTimestamp(4, now);
            return ps.executeUpdate() == 1;
          } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
              throw new ClaimedElsewhere(); // claimed (or ready) already; rolls back
            }
            throw e;
          }
        });
  }

  /** Stores the snapshot's setup files from {@code dir} and marks the claimed setup ready. */
  void publish(String snapshotId, Path dir, String vkSha256) {
    List<Path> files = filesOf(snapshotId, dir);
    db.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO prover_setup_files (snapshot_id, circuit, name, part, bytes)"
                      + " VALUES (?, ?, ?, ?, ?)")) {
            for (Path file : files) {
              try (InputStream in = Files.newInputStream(file)) {
                int part = 0;
                for (byte[] b = in.readNBytes(PART_BYTES);
                    b.length > 0;
                    b = in.readNBytes(PART_BYTES)) {
                  ps.setString(1, snapshotId);
                  ps.setString(2, circuit);
                  ps.setString(3, file.getFileName().toString());
                  ps.setInt(4, part++);
                  ps.setBytes(5, b);
                  ps.executeUpdate();
                }
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            }
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE prover_setups SET state = 'ready', vk_sha256 = ?, updated_at = ?"
                      + " WHERE snapshot_id = ? AND circuit = ? AND owner = ? AND state = 'running'")) {
            ps.setString(1, vkSha256);
            ps.setTimestamp(2, Timestamp.from(clock.instant()));
            ps.setString(3, snapshotId);
            ps.setString(4, circuit);
            ps.setString(5, instance);
            if (ps.executeUpdate() != 1) {
              throw new IllegalStateException("the setup claim was taken over by another instance");
            }
          }
          return null;
        });
  }

  /** Gives up this instance's claim (its setup failed), so another may try. */
  void abandon(String snapshotId) {
    db.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "DELETE FROM prover_setups"
                      + " WHERE snapshot_id = ? AND circuit = ? AND owner = ? AND state = 'running'")) {
            ps.setString(1, snapshotId);
            ps.setString(2, circuit);
            ps.setString(3, instance);
            return ps.executeUpdate();
          }
        });
  }

  /** Copies the snapshot's stored setup files into {@code dir}, each replaced atomically. */
  void fetch(String snapshotId, Path dir) {
    record Stored(String name, int parts) {}
    List<Stored> stored =
        db.withConnection(
            c -> {
              List<Stored> out = new ArrayList<>();
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT name, COUNT(*) FROM prover_setup_files"
                          + " WHERE snapshot_id = ? AND circuit = ? GROUP BY name ORDER BY name")) {
                ps.setString(1, snapshotId);
                ps.setString(2, circuit);
                try (ResultSet rs = ps.executeQuery()) {
                  while (rs.next()) {
                    out.add(new Stored(rs.getString(1), rs.getInt(2)));
                  }
                }
              }
              return out;
            });
    try {
      Files.createDirectories(dir);
      for (Stored s : stored) {
        Path target = dir.resolve(Path.of(s.name()).getFileName().toString());
        Path partial = Files.createTempFile(dir, ".fetch-", ".part");
        try {
          for (int part = 0; part < s.parts(); part++) {
            Files.write(
                partial, part(snapshotId, s.name(), part), java.nio.file.StandardOpenOption.APPEND);
          }
          Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
        } finally {
          Files.deleteIfExists(partial);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private byte[] part(String snapshotId, String name, int part) {
    return db.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT bytes FROM prover_setup_files"
                      + " WHERE snapshot_id = ? AND circuit = ? AND name = ? AND part = ?")) {
            ps.setString(1, snapshotId);
            ps.setString(2, circuit);
            ps.setString(3, name);
            ps.setInt(4, part);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                throw new IllegalStateException("a stored setup file lost a part");
              }
              return rs.getBytes(1);
            }
          }
        });
  }

  /**
   * The setup's files in the prover cache: circuit, keys and metadata of the snapshot, for this
   * circuit only (the cache may also hold files of an older circuit of the snapshot).
   */
  private List<Path> filesOf(String snapshotId, Path dir) {
    String prefix = snapshotId + "-" + circuit + ".";
    try (Stream<Path> all = Files.list(dir)) {
      return all.filter(
              p -> {
                String name = p.getFileName().toString();
                return name.startsWith(prefix)
                    && SETUP_FILES.stream().anyMatch(name::endsWith)
                    && Files.isRegularFile(p);
              })
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The setup is claimed or ready already. */
  private static final class ClaimedElsewhere extends RuntimeException {
    ClaimedElsewhere() {
      super("another instance claimed the setup", null, false, false);
    }
  }
}
