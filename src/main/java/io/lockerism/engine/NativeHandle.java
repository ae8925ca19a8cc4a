package io.lockerism.engine;

import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;

/**
 * An object that lives in the native engine behind an opaque handle. Every engine object has this
 * one lifetime: {@link #close()} releases the handle exactly once (idempotent, safe from any
 * thread), and an object that becomes unreachable without being closed is released by a {@link
 * Cleaner}. Using a closed object throws {@link IllegalStateException}. A close racing a call on
 * another thread cannot free anything under that call: the Go object stays alive until the call
 * returns (at worst the call fails with {@link EngineStatus#UNKNOWN_HANDLE}).
 */
abstract class NativeHandle implements AutoCloseable {

  private static final Cleaner CLEANER = Cleaner.create();

  private final Release release;
  private final Cleaner.Cleanable cleanable;

  NativeHandle(NativeEngine engine, long handle) {
    this(engine, handle, null);
  }

  /**
   * @param beforeRelease runs once before the handle is released (e.g. stop a chain)
   */
  NativeHandle(NativeEngine engine, long handle, LongConsumer beforeRelease) {
    // The cleaning action must not reach this object, or it would never become unreachable.
    this.release = new Release(engine, handle, beforeRelease);
    this.cleanable = CLEANER.register(this, release);
  }

  /**
   * The handle, for one native call. Callers keep this object reachable until the call returns
   * ({@link #keepAlive}), so the cleaner cannot release it in the middle.
   */
  final long handle() {
    if (release.done.get()) {
      throw new IllegalStateException("this " + getClass().getSimpleName() + " was closed");
    }
    return release.handle;
  }

  /** Ends a native call that used the handles of {@code objects}. */
  static void keepAlive(Object... objects) {
    for (Object o : objects) {
      Reference.reachabilityFence(o);
    }
  }

  final NativeEngine engine() {
    return release.engine;
  }

  @Override
  public void close() {
    cleanable.clean();
  }

  private static final class Release implements Runnable {
    private final NativeEngine engine;
    private final long handle;
    private final LongConsumer beforeRelease;
    private final AtomicBoolean done = new AtomicBoolean();

    Release(NativeEngine engine, long handle, LongConsumer beforeRelease) {
      this.engine = engine;
      this.handle = handle;
      this.beforeRelease = beforeRelease;
    }

    @Override
    public void run() {
      if (!done.compareAndSet(false, true)) {
        return;
      }
      try {
        if (beforeRelease != null) {
          beforeRelease.accept(handle);
        }
      } finally {
        engine.release(handle);
      }
    }
  }
}
