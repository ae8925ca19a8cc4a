package io.lockerism.chain;

/** A chain operation failed: the node was unreachable, a transaction failed, or a call reverted. */
public class ChainException extends RuntimeException {

  public ChainException(String message) {
    super(message);
  }

  public ChainException(String message, Throwable cause) {
    super(message, cause);
  }
}
