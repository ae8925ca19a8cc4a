package io.lockerism.locker;

/** Sealed data did not open: wrong password or key, or tampered data. */
public class SealException extends RuntimeException {
  public SealException(String message) {
    super(message);
  }
}
