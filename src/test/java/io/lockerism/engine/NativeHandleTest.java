package io.lockerism.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** One lifetime for every engine object: explicit, idempotent, thread-safe close + a cleaner. */
class NativeHandleTest {

  private static final NativeEngine ENGINE = NativeEngine.load();
  private static final LattigoBgv BGV = new LattigoBgv(ENGINE);

  @Test
  void closingFromManyThreadsAtOnceReleasesExactlyOnce() throws Exception {
    try (HeKeyPair keys = BGV.generateKeys()) {
      long before = ENGINE.liveHandles();
      HeCiphertext ct = BGV.encrypt(keys.publicKey(), new long[] {1, 2});
      assertEquals(before + 1, ENGINE.liveHandles());
      ExecutorService pool = Executors.newFixedThreadPool(8);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> closes = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        closes.add(
            pool.submit(
                () -> {
                  start.await();
                  ct.close();
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : closes) {
        f.get(); // no close throws, none releases twice
      }
      pool.shutdown();
      assertEquals(before, ENGINE.liveHandles());
      IllegalStateException e = assertThrows(IllegalStateException.class, ct::serialize);
      assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }
  }

  @Test
  void anObjectDroppedWithoutCloseIsReleasedByTheCleaner() throws InterruptedException {
    try (HeKeyPair keys = BGV.generateKeys()) {
      long before = ENGINE.liveHandles();
      for (int i = 0; i < 20; i++) {
        BGV.encrypt(keys.publicKey(), new long[] {i}); // never closed
      }
      // The cleaner runs after a collection; give the collector a bounded number of chances.
      for (int i = 0; i < 200 && ENGINE.liveHandles() > before; i++) {
        System.gc();
        Thread.sleep(10);
      }
      assertEquals(before, ENGINE.liveHandles(), "unreachable ciphertexts were released");
    }
  }

  @Test
  void everyEngineObjectSharesTheLifetime() {
    for (Class<?> c : List.of(LattigoBgv.class.getDeclaredClasses())) {
      if (AutoCloseable.class.isAssignableFrom(c)) {
        assertTrue(NativeHandle.class.isAssignableFrom(c), c.getName());
      }
    }
    assertTrue(NativeHandle.class.isAssignableFrom(FeedProver.class));
    assertTrue(NativeHandle.class.isAssignableFrom(DevChain.class));
    assertTrue(NativeHandle.class.isAssignableFrom(EngineSnapshot.class));
  }
}
