package io.lockerism.engine;

/** A native engine call failed; carries the engine's status and message. */
public class NativeEngineException extends RuntimeException {

  private final int code;
  private final EngineStatus status;

  public NativeEngineException(int code, String message) {
    super(message);
    this.code = code;
    this.status = NativeEngine.statusOf(code);
  }

  public NativeEngineException(String message, Throwable cause) {
    super(message, cause);
    this.code = -1;
    this.status = EngineStatus.UNKNOWN;
  }

  /** What went wrong, by name (the numbers are the engine's, see {@link EngineStatus}). */
  public EngineStatus status() {
    return status;
  }

  /** The engine's numeric status code, or -1 when the library could not load. */
  public int code() {
    return code;
  }
}
