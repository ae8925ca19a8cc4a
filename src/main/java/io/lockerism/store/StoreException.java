package io.lockerism.store;

/** A database operation failed; the message says which, never with row contents. */
public class StoreException extends RuntimeException {
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
