package io.lockerism.store;

/**
 * No pooled connection became free within the pool's wait: the service is overloaded for now, not
 * broken. The web layer answers 503 with {@code Retry-After} instead of letting the request hang.
 */
public final class StoreBusyException extends StoreException {

  /** Seconds a client should wait before retrying. */
  public static final int RETRY_AFTER_SECONDS = 2;

  public StoreBusyException(Throwable cause) {
    super("the database is busy; no connection became free in time", cause);
  }
}
