package io.lockerism.engine;

import com.sun.jna.Native;
import com.sun.jna.ptr.LongByReference;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The loaded native engine (Go, C-shared, bundled in the jar at JNA's platform path). Converts the
 * C ABI's status codes into {@link NativeEngineException}s; a Go panic is recovered on the Go side
 * and arrives here as an exception, never as a crash.
 */
public final class NativeEngine {

  /** The ABI this wrapper was written against; see abiVersion in native/version.go. */
  static final int EXPECTED_ABI = 5;

  private static final int ERR_CAP = 1024;

  private static volatile NativeEngine instance;

  /** Status by code, read from the library at load (one library per JVM). */
  private static volatile Map<Integer, EngineStatus> statuses = Map.of();

  private final NativeLib lib;
  private final EngineInfo info;

  private NativeEngine(NativeLib lib, EngineInfo info) {
    this.lib = lib;
    this.info = info;
  }

  /** Loads the library once per JVM, checks its ABI version and reads its status codes. */
  public static NativeEngine load() {
    NativeEngine e = instance;
    if (e == null) {
      synchronized (NativeEngine.class) {
        if (instance == null) {
          instance = loadLibrary();
        }
        e = instance;
      }
    }
    return e;
  }

  private static NativeEngine loadLibrary() {
    NativeLib lib;
    try {
      lib = Native.load("lockerism", NativeLib.class);
    } catch (UnsatisfiedLinkError e) {
      throw new NativeEngineException(
          "native engine library could not be loaded: " + e.getMessage(), e);
    }
    int abi = lib.lk_abi_version();
    if (abi != EXPECTED_ABI) {
      throw new NativeEngineException(
          -1, "native engine ABI " + abi + " does not match the expected ABI " + EXPECTED_ABI);
    }
    NativeEngine engine = new NativeEngine(lib, null);
    EngineInfo info =
        EngineJson.read(engine.callForBuffer(lib::lk_engine_info), EngineInfo.class, "engine info");
    statuses = statusTable(info);
    return new NativeEngine(lib, info);
  }

  /** Maps the engine's codes to the statuses this wrapper knows; both must name the same set. */
  private static Map<Integer, EngineStatus> statusTable(EngineInfo info) {
    Map<Integer, EngineStatus> table = new HashMap<>();
    Set<EngineStatus> missing = EnumSet.complementOf(EnumSet.of(EngineStatus.UNKNOWN));
    for (EngineStatus s : EngineStatus.values()) {
      Integer code = s.engineName() == null ? null : info.statusCodes().get(s.engineName());
      if (code != null && table.putIfAbsent(code, s) == null) {
        missing.remove(s);
      }
    }
    // 0 is OK by the C ABI's convention (check() relies on it before the table is read).
    if (!missing.isEmpty()
        || table.size() != info.statusCodes().size()
        || table.get(0) != EngineStatus.OK) {
      throw new NativeEngineException(
          -1,
          "the native engine's status codes "
              + info.statusCodes()
              + " do not match this wrapper's "
              + EnumSet.allOf(EngineStatus.class));
    }
    return Map.copyOf(table);
  }

  static EngineStatus statusOf(int code) {
    return statuses.getOrDefault(code, EngineStatus.UNKNOWN);
  }

  /** Version, ABI, status codes and limits of the loaded library. */
  public EngineInfo info() {
    return info;
  }

  public String version() {
    return info.version();
  }

  /**
   * Runs the engine's own start-up checks: the handle table, the snapshot codec and an encrypted
   * scoring round trip compared with the plaintext model; throws when any fails.
   */
  public void selfTest() {
    call(lib::lk_self_test);
  }

  /** Handles currently alive in the engine; the bench and the tests use it to find leaks. */
  public long liveHandles() {
    return lib.lk_live_handles();
  }

  NativeLib lib() {
    return lib;
  }

  /** A call that only reports a status. */
  @FunctionalInterface
  interface StatusCall {
    int invoke(byte[] err, int errCap);
  }

  /** A call that yields one handle through an out-parameter. */
  @FunctionalInterface
  interface HandleCall {
    int invoke(LongByReference out, byte[] err, int errCap);
  }

  void call(StatusCall c) {
    byte[] err = new byte[ERR_CAP];
    check(c.invoke(err, err.length), err);
  }

  long callForHandle(HandleCall c) {
    byte[] err = new byte[ERR_CAP];
    LongByReference out = new LongByReference();
    check(c.invoke(out, err, err.length), err);
    return out.getValue();
  }

  /** Runs a call that yields a buffer handle, copies the bytes out and releases the buffer. */
  byte[] callForBuffer(HandleCall c) {
    return takeBuffer(callForHandle(c));
  }

  /** Runs a call that yields a JSON buffer and reads it as {@code type}. */
  <T> T callForJson(HandleCall c, Class<T> type, String what) {
    return EngineJson.read(callForBuffer(c), type, what);
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
    call((err, cap) -> lib.lk_release(handle, err, cap));
  }

  static byte[] errorBuffer() {
    return new byte[ERR_CAP];
  }

  static void check(int code, byte[] err) {
    if (code != 0) { // OK is 0 in every version of the C ABI
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
