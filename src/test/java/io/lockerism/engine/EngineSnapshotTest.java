package io.lockerism.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockerism.model.Snapshot;
import io.lockerism.testing.RandomSnapshots;
import io.lockerism.testing.SnapshotVectors;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The engine decodes snapshots itself: same ids as Java, same refusals, across JNA. */
class EngineSnapshotTest {

  private final NativeEngine engine = NativeEngine.load();

  @Test
  void theEngineComputesTheIdOfEverySharedVector() {
    for (SnapshotVectors.Valid v : SnapshotVectors.valid()) {
      try (EngineSnapshot s = EngineSnapshot.open(engine, v.bytes())) {
        assertEquals(
            new EngineSnapshot.Info(v.id(), v.accountIds().size(), v.d(), v.weight()),
            s.info(),
            v.name());
      }
    }
  }

  @Test
  void theEngineRefusesEveryInvalidVectorWithItsReason() {
    long before = engine.liveHandles();
    for (SnapshotVectors.Invalid v : SnapshotVectors.invalid()) {
      NativeEngineException e =
          assertThrows(
              NativeEngineException.class, () -> EngineSnapshot.open(engine, v.bytes()), v.name());
      assertEquals(EngineStatus.MALFORMED_INPUT, e.status(), v.name());
      assertTrue(e.getMessage().contains(v.reason()), v.name() + ": " + e.getMessage());
    }
    assertEquals(before, engine.liveHandles(), "a refused snapshot leaves no handle");
  }

  @Test
  void aJavaSnapshotOpensWithTheSameIdAndALargeOneToo() {
    Snapshot s = RandomSnapshots.random(3, 20_000, 64, 7);
    try (EngineSnapshot es = EngineSnapshot.open(engine, s)) {
      assertEquals(s.id(), es.id());
      assertEquals(20_000, es.info().profiles());
    }
  }

  @Test
  void aSnapshotWhoseBytesChangedIsADifferentSnapshot() {
    Snapshot s = RandomSnapshots.random(4, 50, 16, 3);
    byte[] bytes = s.canonicalBytes();
    bytes[bytes.length - 1] ^= 1; // the last prior: still valid, another model
    try (EngineSnapshot es = EngineSnapshot.open(engine, bytes)) {
      assertTrue(!es.id().equals(s.id()));
      assertEquals(Snapshot.fromCanonicalBytes(bytes).id(), es.id());
    }
    byte[] truncated = Arrays.copyOf(s.canonicalBytes(), 100);
    assertEquals(
        EngineStatus.MALFORMED_INPUT,
        assertThrows(NativeEngineException.class, () -> EngineSnapshot.open(engine, truncated))
            .status());
  }
}
