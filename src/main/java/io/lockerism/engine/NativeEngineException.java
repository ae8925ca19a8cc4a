package io.lockerism.engine;

/** A native engine call failed; carries the engine's status code and message. */
public class NativeEngineException extends RuntimeException {

  private final int code;

  public NativeEngineException(int code, String message) {
    super(message);
    this.code = code;
  }

  public NativeEngineException(String message, Throwable cause) {
    super(message, cause);
    this.code = -1;
  }

  /** The engine's status code (see native/abi.go), or -1 when the library could not load. */
  public int code() {
    return code;
  }
}
