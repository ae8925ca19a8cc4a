package io.lockerism.engine;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.ptr.DoubleByReference;

/**
 * The test-only exports (native/exports_lktest.txt). They exist only in the library built with
 * {@code -tags lktest}, which the Maven build puts in target/native-test and the tests load
 * (surefire sets jna.library.path); the release library in the jar has none of them.
 */
interface TestExports extends Library {

  int lk_debug_panic(byte[] err, int errCap);

  int lk_he_reply_noise_budget(
      long sk, long query, long reply, DoubleByReference outBits, byte[] err, int errCap);

  int lk_he_self_test(byte[] err, int errCap);

  /** The same library the engine loaded (JNA shares one native library per name). */
  static TestExports load() {
    NativeEngine.load();
    return Native.load("lockerism", TestExports.class);
  }

  /** Makes the engine panic on purpose: it must surface as an exception, not a crash. */
  static void triggerPanic() {
    byte[] err = NativeEngine.errorBuffer();
    NativeEngine.check(load().lk_debug_panic(err, err.length), err);
  }

  /** Drives the snapshot and HE exports through the C ABI from many goroutines. */
  static void heAbiSelfTest() {
    byte[] err = NativeEngine.errorBuffer();
    NativeEngine.check(load().lk_he_self_test(err, err.length), err);
  }

  /** Bits of noise budget left in a reply; positive means it still decrypts correctly. */
  static double noiseBudget(HeSecretKey key, HeQuery query, HeReply reply) {
    DoubleByReference bits = new DoubleByReference();
    byte[] err = NativeEngine.errorBuffer();
    try {
      NativeEngine.check(
          load()
              .lk_he_reply_noise_budget(
                  LattigoBgv.handle(key),
                  LattigoBgv.handle(query),
                  LattigoBgv.handle(reply),
                  bits,
                  err,
                  err.length),
          err);
      return bits.getValue();
    } finally {
      NativeHandle.keepAlive(key, query, reply);
    }
  }
}
