package io.lockerism.interest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** The viewer_interests table: a sealed like-set and an interest ciphertext per viewer. */
final class InterestRepository {

  /** One viewer's row as stored. */
  record InterestRow(byte[] sealedLikes, byte[] interest) {}

  /** A plain read: never waits for, nor takes, a row lock. */
  Optional<InterestRow> find(Connection c, long accountId) throws SQLException {
    return select(c, accountId, "");
  }

  /** Reads and row-locks the row until the transaction ends: what an update does first. */
  Optional<InterestRow> findForUpdate(Connection c, long accountId) throws SQLException {
    return select(c, accountId, " FOR UPDATE");
  }

  boolean exists(Connection c, long accountId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT 1 FROM viewer_interests WHERE account_id = ?")) {
      ps.setLong(1, accountId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** Inserts a row; false when the viewer already has one (another session created it). */
  boolean insert(Connection c, long accountId, byte[] sealedLikes, byte[] interest)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO viewer_interests"
                + " (account_id, sealed_likes, interest) VALUES (?, ?, ?)")) {
      ps.setLong(1, accountId);
      ps.setBytes(2, sealedLikes);
      ps.setBytes(3, interest);
      ps.executeUpdate();
      return true;
    } catch (SQLException e) {
      if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
        return false;
      }
      throw e;
    }
  }

  void update(Connection c, long accountId, byte[] sealedLikes, byte[] interest)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE viewer_interests SET sealed_likes = ?, interest = ? WHERE account_id = ?")) {
      ps.setBytes(1, sealedLikes);
      ps.setBytes(2, interest);
      ps.setLong(3, accountId);
      ps.executeUpdate();
    }
  }

  private static Optional<InterestRow> select(Connection c, long accountId, String suffix)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT sealed_likes, interest"
                + " FROM viewer_interests WHERE account_id = ?"
                + suffix)) {
      ps.setLong(1, accountId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? Optional.of(new InterestRow(rs.getBytes(1), rs.getBytes(2)))
            : Optional.empty();
      }
    }
  }
}
