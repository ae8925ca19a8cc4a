package io.lockerism.model;

/** Thrown when bytes are not a valid canonical snapshot encoding. */
public final class MalformedSnapshotException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public MalformedSnapshotException(String message) {
    super(message);
  }

  public MalformedSnapshotException(String message, Throwable cause) {
    super(message, cause);
  }
}
