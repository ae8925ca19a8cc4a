package io.lockerism.engine;

import com.sun.jna.Native;
import com.sun.jna.ptr.LongByReference;
import java.nio.charset.StandardCharsets;

/**
 * The loaded native engine (Go, C-shared, bundled in the jar at JNA's platform path). Converts
 * the C ABI's status codes into {@link NativeEngineException}s; a Go panic is recovered on the Go
 * side and arrives here as an exception, never as a crash.
 */
public final class NativeEngine {

  /** The ABI this wrapper was written against; see abiVersion in native/version.go. */
  static final int EXPECTED_ABI = 1;
  static final int CODE_OK = 0;
  private static final int ERR_CAP = 1024;

  private static volatile NativeEngine instance;

  private final NativeLib lib;

  private NativeEngine(NativeLib lib) {
    this.lib = lib;
  }

  /** Loads the library once per JVM and checks its ABI version. */
  public static NativeEngine load() {
    NativeEngine e = instance;
    if (e == null) {
      synchronized (NativeEngine.class) {
        if (instance == null) {
          instance = new NativeEngine(loadLibrary());
        }
        e = instance;
      }
    }
    return e;
  }

  private static NativeLib loadLibrary() {
    NativeLib lib;
    try {
      lib = Native.load("lockerism", NativeLib.class);
    } catch (UnsatisfiedLinkError e) {
      throw new NativeEngineException("native engine library could not be loaded: "
          + e.getMessage(), e);
    }
    int abi = lib.lk_abi_version();
    if (abi != EXPECTED_ABI) {
      throw new NativeEngineException(-1,
          "native engine ABI " + abi + " does not match the expected ABI " + EXPECTED_ABI);
    }
    return lib;
  }

  public String version() {
    byte[] dst = new byte[256];
    byte[] err = new byte[ERR_CAP];
    check(lib.lk_version(dst, dst.length, err, err.length), err);
    return cString(dst);
  }

  /** Runs the engine's own checks (ABI machinery and the BGV engine); throws when any fails. */
  public void selfTest() {
    byte[] err = new byte[ERR_CAP];
    check(lib.lk_self_test(err, err.length), err);
    check(lib.lk_he_self_test(err, err.length), err);
  }

  /** Asks the engine to panic on purpose, so tests can prove it surfaces as an exception. */
  public void triggerPanicForTest() {
    byte[] err = new byte[ERR_CAP];
    check(lib.lk_debug_panic(err, err.length), err);
  }

  /** Handles currently alive in the engine; tests use it to find leaks. */
  public long liveHandles() {
    return lib.lk_live_handles();
  }

  NativeLib lib() {
    return lib;
  }

  /** Copies a buffer handle's bytes out and releases the handle. */
  byte[] takeBuffer(long handle) {
    try {
      byte[] err = new byte[ERR_CAP];
      LongByReference len = new LongByReference();
      check(lib.lk_buffer_len(handle, len, err, err.length), err);
      byte[] out = new byte[Math.toIntExact(len.getValue())];
      check(lib.lk_buffer_copy(handle, out, out.length, err, err.length), err);
      return out;
    } finally {
      release(handle);
    }
  }

  void release(long handle) {
    byte[] err = new byte[ERR_CAP];
    check(lib.lk_release(handle, err, err.length), err);
  }

  static byte[] errorBuffer() {
    return new byte[ERR_CAP];
  }

  static void check(int code, byte[] err) {
    if (code != CODE_OK) {
      throw new NativeEngineException(code, cString(err));
    }
  }

  private static String cString(byte[] buf) {
    int n = 0;
    while (n < buf.length && buf[n] != 0) {
      n++;
    }
    return new String(buf, 0, n, StandardCharsets.UTF_8);
  }
}
