package io.lockerism.viewer;

/** A viewer's request that cannot be done; the message is safe to show the viewer. */
public class ViewerException extends RuntimeException {

  private final Reason reason;

  public ViewerException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  /** Why; the web layer maps each to an HTTP status. */
  public enum Reason {
    /** The session holds no unlocked vault: log in (again). */
    LOCKED,
    /** The like cap that keeps scores within the encryption's bounds. */
    LIKE_LIMIT,
    /** The profile is not in the current model snapshot. */
    UNKNOWN_PROFILE
  }
}
