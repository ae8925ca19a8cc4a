package io.lockerism.engine;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.ptr.DoubleByReference;
import java.nio.charset.StandardCharsets;

/**
 * Differential-privacy noise and accounting from OpenDP, through the Rust library in {@code
 * native-dp/} (bundled in the jar at JNA's platform path, like the Go engine). Draws discrete
 * Gaussian noise on integer counts, and gives the mechanism's zCDP privacy loss and its exact
 * accuracy. Errors arrive as {@link NativeEngineException}s; a Rust panic is caught on the Rust
 * side and never crashes the JVM. Thread-safe: the library keeps no state.
 */
public final class DpNoise {

  /** The ABI this wrapper was written against; see ABI_VERSION in native-dp/src/lib.rs. */
  static final int EXPECTED_ABI = 1;

  /** Status codes of native-dp/src/lib.rs. */
  public static final int CODE_INVALID_ARGUMENT = 1;

  public static final int CODE_PANIC = 3;
  private static final int ERR_CAP = 512;

  private static volatile DpNoise instance;

  private final DpLib lib;

  private DpNoise(DpLib lib) {
    this.lib = lib;
  }

  /** The C ABI of native-dp as JNA sees it (sizes are size_t: 64-bit on linux-x86-64). */
  interface DpLib extends Library {
    int lkdp_abi_version();

    int lkdp_version(byte[] dst, long dstCap, byte[] err, long errCap);

    int lkdp_gaussian_counts(
        double scale, long[] values, long n, long[] out, long outCap, byte[] err, long errCap);

    int lkdp_gaussian_rho(
        double scale, double l2Sensitivity, DoubleByReference outRho, byte[] err, long errCap);

    int lkdp_gaussian_accuracy(
        double scale, double alpha, DoubleByReference outAccuracy, byte[] err, long errCap);

    int lkdp_debug_panic(byte[] err, long errCap);
  }

  /** Loads the library once per JVM and checks its ABI version. */
  public static DpNoise load() {
    DpNoise d = instance;
    if (d == null) {
      synchronized (DpNoise.class) {
        if (instance == null) {
          instance = new DpNoise(loadLibrary());
        }
        d = instance;
      }
    }
    return d;
  }

  private static DpLib loadLibrary() {
    DpLib lib;
    try {
      lib = Native.load("lockerismdp", DpLib.class);
    } catch (UnsatisfiedLinkError e) {
      throw new NativeEngineException("DP library could not be loaded: " + e.getMessage(), e);
    }
    int abi = lib.lkdp_abi_version();
    if (abi != EXPECTED_ABI) {
      throw new NativeEngineException(
          -1, "DP library ABI " + abi + " does not match the expected ABI " + EXPECTED_ABI);
    }
    return lib;
  }

  public String version() {
    byte[] dst = new byte[128];
    byte[] err = new byte[ERR_CAP];
    check(lib.lkdp_version(dst, dst.length, err, err.length), err);
    return cString(dst);
  }

  /**
   * Each count plus independent discrete Gaussian noise N_Z(0, scale²); values saturate at the long
   * range.
   */
  public long[] noisyCounts(double scale, long[] counts) {
    return noisyCounts(scale, counts, counts.length, counts.length);
  }

  /** The raw call with explicit lengths, so tests can show bad lengths are refused. */
  long[] noisyCounts(double scale, long[] counts, long n, int outCap) {
    long[] out = new long[outCap];
    byte[] err = new byte[ERR_CAP];
    check(lib.lkdp_gaussian_counts(scale, counts, n, out, outCap, err, err.length), err);
    return out;
  }

  /** zCDP ρ of one release at this scale for inputs at L2 distance at most l2Sensitivity. */
  public double rho(double scale, double l2Sensitivity) {
    DoubleByReference out = new DoubleByReference();
    byte[] err = new byte[ERR_CAP];
    check(lib.lkdp_gaussian_rho(scale, l2Sensitivity, out, err, err.length), err);
    return out.getValue();
  }

  /**
   * OpenDP's accuracy a: the smallest integer with P(|Z| &lt; a) ≥ 1 − alpha for Z ~ N_Z(0,
   * scale²); the (1 − alpha) interval around a release v is [v − a + 1, v + a − 1].
   */
  public long accuracy(double scale, double alpha) {
    DoubleByReference out = new DoubleByReference();
    byte[] err = new byte[ERR_CAP];
    check(lib.lkdp_gaussian_accuracy(scale, alpha, out, err, err.length), err);
    return (long) out.getValue();
  }

  /** Asks the library to panic on purpose, so tests can prove it surfaces as an exception. */
  public void triggerPanicForTest() {
    byte[] err = new byte[ERR_CAP];
    check(lib.lkdp_debug_panic(err, err.length), err);
  }

  private static void check(int code, byte[] err) {
    if (code != 0) {
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
