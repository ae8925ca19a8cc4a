package io.lockerism.proof;

import io.lockerism.evm.Word;
import io.lockerism.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The proof_jobs table (V6__proof_jobs.sql; V10 seals the results). Every method runs on the
 * connection the calling thread already holds, if any (so inside the caller's transaction), else on
 * one pooled connection. Updates of a job only apply while it is unfinished: a finished job is
 * never changed again.
 */
final class ProofJobRepository {

  private static final String UNFINISHED = "('queued', 'running')";
  private static final String FINISHED = "('proved', 'failed')";
  private static final int MAX_REASON = 1000;
  private static final int MAX_STAGE = 200;

  private static final String COLUMNS =
      "j.id, j.account_id, j.status, j.percent, j.stage, j.snapshot_id, j.reason,"
          + " j.sealed_result, j.created_at, j.finished_at";

  /** A job taken to run: whose it is and the feed length to prove. */
  record Claimed(String id, long accountId, int k) {}

  /**
   * A job as stored: its public state, and once proved its result sealed under the viewer's key
   * ({@link ProofRecord}), which only the viewer's session opens.
   */
  record Stored(ProofJob job, byte[] sealedResult) {}

  private final Database db;

  ProofJobRepository(Database db) {
    this.db = db;
  }

  /**
   * Holds the viewer's account row until the caller's transaction ends, so that one viewer's
   * submissions (on any instance) are counted and inserted one at a time.
   */
  void lockViewer(long accountId) {
    db.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT id FROM accounts WHERE id = ? FOR UPDATE")) {
            ps.setLong(1, accountId);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                throw new IllegalArgumentException("no such account");
              }
              return null;
            }
          }
        });
  }

  /** The viewer's queued or running jobs, on every instance. */
  int unfinishedOf(long accountId) {
    return count(
        "SELECT COUNT(*) FROM proof_jobs WHERE account_id = ? AND status IN " + UNFINISHED,
        ps -> ps.setLong(1, accountId));
  }

  /** Jobs waiting for this instance's prover. */
  int queuedOwnedBy(String owner) {
    return count(
        "SELECT COUNT(*) FROM proof_jobs WHERE owner = ? AND status = 'queued'",
        ps -> ps.setString(1, owner));
  }

  void insert(String id, long accountId, String owner, int k, String stage, Instant now) {
    update(
        "INSERT INTO proof_jobs (id, account_id, owner, k, status, percent, stage, created_at,"
            + " updated_at) VALUES (?, ?, ?, ?, 'queued', 0, ?, ?, ?)",
        ps -> {
          ps.setString(1, id);
          ps.setLong(2, accountId);
          ps.setString(3, owner);
          ps.setInt(4, k);
          ps.setString(5, stage);
          ps.setTimestamp(6, Timestamp.from(now));
          ps.setTimestamp(7, Timestamp.from(now));
        });
  }

  /**
   * Takes the owner's next queued job in turn and marks it running, in one transaction; empty when
   * none can run now. The turn goes to the viewer whose last proof started longest ago (or never),
   * and within a viewer to the oldest job: a viewer with many jobs waiting gets one run, then goes
   * behind everyone else waiting. A viewer with a proof running, on any instance, waits: the unique
   * {@code running_account} (V8) refuses a second even when two instances claim at once. {@code
   * SKIP LOCKED} lets concurrent claimers pass each other's row, and the guarded update makes each
   * job claimed exactly once.
   */
  Optional<Claimed> claimNext(String owner, Instant now) {
    try {
      return db.inTransaction(
          c -> {
            Claimed next = nextInTurn(c, owner);
            if (next == null) {
              return Optional.empty();
            }
            return markRunning(next, now) == 1 ? Optional.of(next) : Optional.empty();
          });
    } catch (ViewerAlreadyRunning e) {
      return Optional.empty(); // rolled back; the job stays queued for a later claim
    }
  }

  private int markRunning(Claimed next, Instant now) {
    return db.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE proof_jobs SET status = 'running', running_account = account_id,"
                      + " started_at = ?, updated_at = ? WHERE id = ? AND status = 'queued'")) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setTimestamp(2, Timestamp.from(now));
            ps.setString(3, next.id());
            return ps.executeUpdate();
          } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
              throw new ViewerAlreadyRunning();
            }
            throw e;
          }
        });
  }

  /** Another instance marked a job of the same viewer running between our read and our claim. */
  private static final class ViewerAlreadyRunning extends RuntimeException {
    ViewerAlreadyRunning() {
      super("the viewer already has a proof running", null, false, false);
    }
  }

  private static Claimed nextInTurn(Connection c, String owner) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT j.id, j.account_id, j.k FROM proof_jobs j"
                + " WHERE j.owner = ? AND j.status = 'queued'"
                + " AND NOT EXISTS (SELECT 1 FROM proof_jobs r"
                + " WHERE r.account_id = j.account_id AND r.status = 'running')"
                + " ORDER BY (SELECT MAX(s.started_at) FROM proof_jobs s"
                + " WHERE s.account_id = j.account_id) NULLS FIRST, j.seq"
                + " FETCH FIRST 1 ROWS ONLY FOR UPDATE SKIP LOCKED")) {
      ps.setString(1, owner);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? new Claimed(rs.getString(1), rs.getLong(2), rs.getInt(3)) : null;
      }
    }
  }

  /** Records progress of an unfinished job. */
  void progress(String id, int percent, String stage, String snapshotId, Instant now) {
    update(
        "UPDATE proof_jobs SET percent = ?, stage = ?, snapshot_id = COALESCE(?, snapshot_id),"
            + " updated_at = ? WHERE id = ? AND status IN "
            + UNFINISHED,
        ps -> {
          ps.setInt(1, percent);
          ps.setString(2, clip(stage, MAX_STAGE));
          ps.setString(3, snapshotId);
          ps.setTimestamp(4, Timestamp.from(now));
          ps.setString(5, id);
        });
  }

  /** Stores the sealed proof record and marks the job proved. */
  void proved(String id, byte[] sealedResult, int k, String stage, Instant now) {
    update(
        "UPDATE proof_jobs SET status = 'proved', running_account = NULL, percent = 100,"
            + " stage = ?, sealed_result = ?, k = ?, finished_at = ?,"
            + " updated_at = ? WHERE id = ? AND status IN "
            + UNFINISHED,
        ps -> {
          ps.setString(1, stage);
          ps.setBytes(2, sealedResult);
          ps.setInt(3, k);
          ps.setTimestamp(4, Timestamp.from(now));
          ps.setTimestamp(5, Timestamp.from(now));
          ps.setString(6, id);
        });
  }

  /**
   * The ledger record of a feed commitment under a snapshot (the first, if several chains hold
   * one): whether a proof is published, and where. Asked with a commitment only the viewer's key
   * opens, so the tables themselves hold nothing that joins a job to a record.
   */
  Optional<Receipt.Chain> ledgerRecordOf(String snapshotId, Word commitF) {
    return db.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT chain_id, ledger, tx_hash FROM ledger_records"
                      + " WHERE snapshot_id = ? AND commit_f = ?"
                      + " ORDER BY block_number, log_index FETCH FIRST 1 ROWS ONLY")) {
            ps.setString(1, snapshotId);
            ps.setString(2, commitF.toString());
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next()
                  ? Optional.of(new Receipt.Chain(rs.getLong(1), rs.getString(2), rs.getString(3)))
                  : Optional.empty();
            }
          }
        });
  }

  /** Marks an unfinished job failed with a reason the viewer reads. */
  void failed(String id, String reason, Instant now) {
    failUnfinished("id = ?", ps -> ps.setString(4, id), reason, now);
  }

  /** Marks every unfinished job of an owner failed (its witnesses are gone); returns how many. */
  int failOwnedBy(String owner, String reason, Instant now) {
    return failUnfinished("owner = ?", ps -> ps.setString(4, owner), reason, now);
  }

  /** Tells other instances the owner is alive and still holds its unfinished jobs' witnesses. */
  void touchOwnedBy(String owner, Instant now) {
    update(
        "UPDATE proof_jobs SET updated_at = ? WHERE owner = ? AND status IN " + UNFINISHED,
        ps -> {
          ps.setTimestamp(1, Timestamp.from(now));
          ps.setString(2, owner);
        });
  }

  /** Marks unfinished jobs not touched since {@code before} failed (their owner is gone). */
  int failStale(Instant before, String reason, Instant now) {
    return failUnfinished(
        "updated_at < ?", ps -> ps.setTimestamp(4, Timestamp.from(before)), reason, now);
  }

  /**
   * Marks the unfinished jobs matching {@code condition} failed; {@code condition}'s one parameter
   * is bound by {@code bindCondition} at index 4.
   */
  private int failUnfinished(String condition, Binder bindCondition, String reason, Instant now) {
    return update(
        "UPDATE proof_jobs SET status = 'failed', running_account = NULL, stage = 'Failed',"
            + " reason = ?, finished_at = ?, updated_at = ? WHERE "
            + condition
            + " AND status IN "
            + UNFINISHED,
        ps -> {
          ps.setString(1, clip(reason, MAX_REASON));
          ps.setTimestamp(2, Timestamp.from(now));
          ps.setTimestamp(3, Timestamp.from(now));
          bindCondition.bind(ps);
        });
  }

  /** Deletes finished jobs that finished before {@code cutoff}; returns how many. */
  int deleteFinishedBefore(Instant cutoff) {
    return update(
        "DELETE FROM proof_jobs WHERE status IN " + FINISHED + " AND finished_at < ?",
        ps -> ps.setTimestamp(1, Timestamp.from(cutoff)));
  }

  /** Deletes the viewer's finished jobs beyond the newest {@code keep}; returns how many. */
  int deleteFinishedBeyond(long accountId, int keep) {
    List<String> old = new ArrayList<>();
    db.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT id FROM proof_jobs WHERE account_id = ? AND status IN "
                      + FINISHED
                      + " ORDER BY finished_at DESC, seq DESC OFFSET ? ROWS")) {
            ps.setLong(1, accountId);
            ps.setInt(2, keep);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                old.add(rs.getString(1));
              }
            }
          }
          return null;
        });
    int deleted = 0;
    for (String id : old) {
      deleted += update("DELETE FROM proof_jobs WHERE id = ?", ps -> ps.setString(1, id));
    }
    return deleted;
  }

  Optional<Stored> find(String id) {
    List<Stored> found =
        query("SELECT " + COLUMNS + " FROM proof_jobs j WHERE j.id = ?", ps -> ps.setString(1, id));
    return found.stream().findFirst();
  }

  /** The viewer's jobs: unfinished first, then finished, each newest first; at most {@code max}. */
  List<Stored> ofViewer(long accountId, int max) {
    return query(
        "SELECT "
            + COLUMNS
            + " FROM proof_jobs j WHERE j.account_id = ?"
            + " ORDER BY CASE WHEN j.status IN "
            + UNFINISHED
            + " THEN 0 ELSE 1 END, j.seq DESC FETCH FIRST ? ROWS ONLY",
        ps -> {
          ps.setLong(1, accountId);
          ps.setInt(2, max);
        });
  }

  private List<Stored> query(String sql, Binder binder) {
    return db.withConnection(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            List<Stored> jobs = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                jobs.add(job(rs));
              }
            }
            return jobs;
          }
        });
  }

  private static Stored job(ResultSet rs) throws SQLException {
    ProofJob.Status status = ProofJob.Status.ofColumn(rs.getString("status"));
    Timestamp finished = rs.getTimestamp("finished_at");
    ProofJob job =
        new ProofJob(
            rs.getString("id"),
            rs.getLong("account_id"),
            status,
            rs.getInt("percent"),
            rs.getString("stage"),
            rs.getString("snapshot_id"),
            null,
            null,
            rs.getString("reason"),
            rs.getTimestamp("created_at").toInstant(),
            finished == null ? null : finished.toInstant(),
            false);
    return new Stored(job, status == ProofJob.Status.DONE ? rs.getBytes("sealed_result") : null);
  }

  private int count(String sql, Binder binder) {
    return db.withConnection(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getInt(1);
            }
          }
        });
  }

  private int update(String sql, Binder binder) {
    return db.withConnection(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            return ps.executeUpdate();
          }
        });
  }

  private static String clip(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }

  @FunctionalInterface
  private interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }
}
