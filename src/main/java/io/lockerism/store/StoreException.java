package io.lockerism.store;

import java.sql.SQLException;

/**
 * A database operation failed; the message says which, never with row contents.
 *
 * <p>Drivers put row values into their messages (H2 prints the statement with its parameters, a
 * violated key's values, a locked row), and a vault row holds a KDF salt and sealed keys that would
 * let anyone with the log test password guesses offline. So an {@link SQLException} cause is
 * replaced by one that keeps only its SQLState, vendor code and stack trace, and the driver's
 * message is cut out of this exception's own message wherever the caller appended it.
 */
public class StoreException extends RuntimeException {

  public StoreException(String message, Throwable cause) {
    super(sanitize(message, cause), scrub(cause));
  }

  private static String sanitize(String message, Throwable cause) {
    if (message == null || !(cause instanceof SQLException sql)) {
      return message;
    }
    String safe = describe(sql);
    String raw = sql.getMessage();
    if (raw != null && !raw.isEmpty() && message.contains(raw)) {
      return message.replace(raw, safe);
    }
    return message;
  }

  /** The cause with its message reduced to codes; anything but an SQLException as it is. */
  private static Throwable scrub(Throwable cause) {
    if (!(cause instanceof SQLException sql)) {
      return cause;
    }
    SQLException safe = new SQLException(describe(sql), sql.getSQLState(), sql.getErrorCode());
    safe.setStackTrace(sql.getStackTrace());
    return safe;
  }

  /** What a driver message may be replaced by: the kind of failure, not its data. */
  public static String describe(SQLException e) {
    return "SQLState "
        + e.getSQLState()
        + ", error code "
        + e.getErrorCode()
        + " ("
        + e.getClass().getSimpleName()
        + ")";
  }
}
