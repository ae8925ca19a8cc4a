package io.lockerism.engine;

import com.sun.jna.Library;
import com.sun.jna.ptr.LongByReference;

/**
 * The C ABI of {@code native/} as JNA sees it. Every call returns a status code and fills
 * {@code err} with a NUL-terminated message when the code is not zero; see native/abi.go.
 * Only {@link NativeEngine} and its siblings in this package may use it.
 */
interface NativeLib extends Library {

  int lk_abi_version();

  int lk_version(byte[] dst, int dstCap, byte[] err, int errCap);

  int lk_self_test(byte[] err, int errCap);

  int lk_debug_panic(byte[] err, int errCap);

  int lk_release(long handle, byte[] err, int errCap);

  int lk_buffer_len(long handle, LongByReference outLen, byte[] err, int errCap);

  int lk_buffer_copy(long handle, byte[] dst, long dstCap, byte[] err, int errCap);

  long lk_live_handles();
}
