package io.lockerism.proof;

/**
 * A proof was refused because a bound was reached: the viewer already has their share of unfinished
 * proofs (answered 429), or the prover's queue is full for everyone (answered 503 with
 * Retry-After). The message says which, and what to do.
 */
public final class ProofLimitException extends RuntimeException {

  /** Which bound was reached. */
  public enum Reason {
    VIEWER_LIMIT,
    QUEUE_FULL
  }

  /** Seconds a client should wait before retrying when the queue is full. */
  public static final int RETRY_AFTER_SECONDS = 30;

  private final Reason reason;

  ProofLimitException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
