package io.lockerism.chain;

import io.lockerism.evm.Address;
import io.lockerism.evm.Word;
import io.lockerism.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/** The ledger_records table (V3__ledger.sql). */
final class LedgerRepository {

  private final Database db;

  LedgerRepository(Database db) {
    this.db = db;
  }

  /** Stores a record unless its (tx_hash, log_index) is already there; true when inserted. */
  boolean insert(long chainId, Address ledger, LedgerRecord r) {
    return db.withConnection(
        c -> {
          try (PreparedStatement exists =
              c.prepareStatement(
                  "SELECT 1 FROM ledger_records WHERE tx_hash = ? AND log_index = ?")) {
            exists.setString(1, r.txHash().toString());
            exists.setLong(2, r.logIndex());
            try (ResultSet rs = exists.executeQuery()) {
              if (rs.next()) {
                return false;
              }
            }
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO ledger_records (chain_id, "
                      + "ledger, snapshot_id, commit_l, commit_f, k, submitter, tx_hash, block_number, "
                      + "log_index, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, chainId);
            ps.setString(2, ledger.toString());
            ps.setString(3, r.snapshotId());
            ps.setString(4, r.commitL().toString());
            ps.setString(5, r.commitF().toString());
            ps.setLong(6, r.k());
            ps.setString(7, r.submitter().toString());
            ps.setString(8, r.txHash().toString());
            ps.setLong(9, r.blockNumber());
            ps.setLong(10, r.logIndex());
            ps.setTimestamp(11, Timestamp.from(r.recordedAt()));
            ps.executeUpdate();
            return true;
          } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
              return false; // another instance stored it first
            }
            throw e;
          }
        });
  }

  /** The highest block stored for this ledger, if any. */
  OptionalLong lastBlock(long chainId, Address ledger) {
    return db.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT MAX(block_number) FROM ledger_records WHERE chain_id = ? AND ledger = ?")) {
            ps.setLong(1, chainId);
            ps.setString(2, ledger.toString());
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              long v = rs.getLong(1);
              return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(v);
            }
          }
        });
  }

  List<LedgerRecord> list(long chainId, Address ledger, String snapshotIdOrNull) {
    return db.withConnection(
        c -> {
          String sql =
              "SELECT snapshot_id, commit_l, commit_f, k, submitter, tx_hash, block_number,"
                  + " log_index, recorded_at FROM ledger_records WHERE chain_id = ? AND ledger = ?"
                  + (snapshotIdOrNull == null ? "" : " AND snapshot_id = ?")
                  + " ORDER BY block_number, log_index";
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, chainId);
            ps.setString(2, ledger.toString());
            if (snapshotIdOrNull != null) {
              ps.setString(3, snapshotIdOrNull);
            }
            List<LedgerRecord> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new LedgerRecord(
                        rs.getString(1),
                        Word.parse(rs.getString(2)),
                        Word.parse(rs.getString(3)),
                        rs.getLong(4),
                        Address.parse(rs.getString(5)),
                        Word.parse(rs.getString(6)),
                        rs.getLong(7),
                        rs.getLong(8),
                        rs.getTimestamp(9).toInstant()));
              }
            }
            return out;
          }
        });
  }
}
