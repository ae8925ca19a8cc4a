package io.lockerism.account;

/** A sign-up or log-in request that cannot be granted; the message is safe to show the user. */
public class AccountException extends RuntimeException {

  private final Reason reason;

  public AccountException(Reason reason, String message) {
    super(message);
    this.reason = reason;
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
