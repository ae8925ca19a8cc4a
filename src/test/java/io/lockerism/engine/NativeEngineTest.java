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
  void loadsAndReportsItsVersion() {
    String version = engine.version();
    assertTrue(version.startsWith("lockerism-native abi=" + NativeEngine.EXPECTED_ABI), version);
    assertEquals(NativeEngine.EXPECTED_ABI, engine.info().abi());
  }

  @Test
  void selfTestPasses() {
    engine.selfTest();
  }

  @Test
  void everyStatusHasTheEngineCodeOfItsName() {
    for (EngineStatus s : EngineStatus.values()) {
      if (s != EngineStatus.UNKNOWN) {
        int code = engine.info().statusCodes().get(s.engineName());
        assertEquals(s, NativeEngine.statusOf(code), s.name());
      }
    }
    assertEquals(EngineStatus.UNKNOWN, NativeEngine.statusOf(999));
  }

  @Test
  void aGoPanicBecomesAnExceptionAndTheEngineKeepsWorking() {
    NativeEngineException e = assertThrows(NativeEngineException.class, TestExports::triggerPanic);
    assertEquals(EngineStatus.INTERNAL, e.status());
    assertTrue(e.getMessage().contains("deliberate panic"), e.getMessage());
    engine.selfTest();
  }

  @Test
  void releasingAnUnknownHandleIsAnErrorNotACrash() {
    NativeEngineException e =
        assertThrows(NativeEngineException.class, () -> engine.release(987_654_321L));
    assertEquals(EngineStatus.UNKNOWN_HANDLE, e.status());
    assertTrue(e.getMessage().contains("unknown or released handle"));
  }

  @Test
  void manyJavaThreadsCanCallTheEngineAtOnce() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    long before = engine.liveHandles();
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        int n = i;
        results.add(
            pool.submit(
                () -> {
                  if (n % 50 == 0) {
                    TestExports
                        .heAbiSelfTest(); // the C-level check: snapshot + HE exports, goroutines
                  } else {
                    engine.selfTest();
                  }
                  return engine.version();
                }));
      }
      for (Future<String> f : results) {
        assertEquals(engine.version(), f.get());
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(before, engine.liveHandles(), "self-tests leave no handle behind");
  }
}
