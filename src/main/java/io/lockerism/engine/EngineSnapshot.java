package io.lockerism.engine;

import com.sun.jna.ptr.LongByReference;
import io.lockerism.model.Snapshot;

/**
 * A snapshot decoded by the engine from its canonical bytes ({@code lk_snapshot_open}): what HE
 * models, provers, the ceremony and the audit are built from. The engine computes the id (the
 * SHA-256 of the bytes) itself, so the circuit binds the id of the bytes it was built from, never
 * an id a caller claims. Objects built from it keep what they need: close it right after use.
 */
final class EngineSnapshot extends NativeHandle {

  private final Info info;

  private EngineSnapshot(NativeEngine engine, long handle, Info info) {
    super(engine, handle);
    this.info = info;
  }

  /** What the engine read from the bytes; {@code id} is lowercase hex. */
  record Info(String id, int profiles, int features, int weight) {}

  /** Decodes canonical snapshot bytes; malformed bytes are {@link EngineStatus#MALFORMED_INPUT}. */
  static EngineSnapshot open(NativeEngine engine, byte[] canonicalBytes) {
    LongByReference snapshot = new LongByReference();
    LongByReference infoJson = new LongByReference();
    byte[] err = NativeEngine.errorBuffer();
    NativeEngine.check(
        engine
            .lib()
            .lk_snapshot_open(
                canonicalBytes, canonicalBytes.length, snapshot, infoJson, err, err.length),
        err);
    Info info;
    try {
      info = EngineJson.read(engine.takeBuffer(infoJson.getValue()), Info.class, "snapshot info");
    } catch (RuntimeException e) {
      engine.release(snapshot.getValue());
      throw e;
    }
    return new EngineSnapshot(engine, snapshot.getValue(), info);
  }

  /**
   * Opens {@code snapshot}'s canonical bytes and checks that the engine computed the id Java did:
   * both implement one encoding (a shared test vector file holds them to it), and a disagreement
   * must stop everything rather than prove or register the wrong model.
   */
  static EngineSnapshot open(NativeEngine engine, Snapshot snapshot) {
    EngineSnapshot s = open(engine, snapshot.canonicalBytes());
    if (!s.info.id().equals(snapshot.id())) {
      s.close();
      throw new IllegalStateException(
          "the engine decoded snapshot "
              + snapshot.id()
              + " as "
              + s.info.id()
              + ": the Java and Go snapshot encodings disagree");
    }
    return s;
  }

  Info info() {
    return info;
  }

  String id() {
    return info.id();
  }
}
