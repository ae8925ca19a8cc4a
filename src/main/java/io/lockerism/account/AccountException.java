package io.lockerism.account;

/** A sign-up or log-in request that cannot be granted; the message is safe to show the user. */
public class AccountException extends RuntimeException {

  private final Reason reason;
  private final java.time.Duration retryAfter;

  public AccountException(Reason reason, String message) {
    this(reason, message, java.time.Duration.ZERO);
  }

  /** A refusal the caller may retry after {@code retryAfter} (sent as Retry-After). */
  public AccountException(Reason reason, String message, java.time.Duration retryAfter) {
    super(message);
    this.reason = reason;
    this.retryAfter = retryAfter;
  }

  /** Zero unless the request was throttled. */
  public java.time.Duration retryAfter() {
    return retryAfter;
  }

  public Reason reason() {
    return reason;
  }

  /** Why a request was refused; the web layer maps each to an HTTP status. */
  public enum Reason {
    INVALID_INPUT,
    USERNAME_TAKEN,
    BAD_CREDENTIALS,
    THROTTLED
  }
}
