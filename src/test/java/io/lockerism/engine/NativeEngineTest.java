package io.lockerism.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class NativeEngineTest {

  private final NativeEngine engine = NativeEngine.load();

  @Test
  void loadsFromTheJarPathAndReportsItsVersion() {
    String version = engine.version();
    assertTrue(version.startsWith("lockerism-native abi=" + NativeEngine.EXPECTED_ABI), version);
  }

  @Test
  void selfTestPasses() {
    engine.selfTest();
  }

  @Test
  void aGoPanicBecomesAnExceptionAndTheEngineKeepsWorking() {
    NativeEngineException e = assertThrows(NativeEngineException.class, engine::triggerPanicForTest);
    assertEquals(5, e.code());
    assertTrue(e.getMessage().contains("deliberate panic"), e.getMessage());
    engine.selfTest();
  }

  @Test
  void releasingAnUnknownHandleIsAnErrorNotACrash() {
    NativeEngineException e = assertThrows(NativeEngineException.class,
        () -> engine.release(987_654_321L));
    assertEquals(3, e.code());
    assertTrue(e.getMessage().contains("unknown or released handle"));
  }

  @Test
  void manyJavaThreadsCanCallTheEngineAtOnce() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        results.add(pool.submit(() -> {
          engine.selfTest();
          return engine.version();
        }));
      }
      for (Future<String> f : results) {
        assertEquals(engine.version(), f.get());
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(0, engine.liveHandles(), "self-tests leave no handle behind");
  }
}
