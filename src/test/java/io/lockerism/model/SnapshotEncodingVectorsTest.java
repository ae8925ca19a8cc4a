package io.lockerism.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockerism.testing.SnapshotVectors;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Java's side of the cross-language snapshot vectors (the Go side is circuits/model's
 * TestSharedVectors): Java encodes each valid vector to exactly its bytes, with the same id, and
 * its decoder refuses every invalid one.
 */
class SnapshotEncodingVectorsTest {

  @Test
  void javaEncodesEveryValidVectorToItsBytesAndId() {
    List<SnapshotVectors.Valid> vectors = SnapshotVectors.valid();
    assertTrue(vectors.size() >= 3, "vectors: " + vectors.size());
    for (SnapshotVectors.Valid v : vectors) {
      Snapshot s =
          Snapshot.of(
              new FeatureLayout(
                  v.d(), v.termColumns(), v.nicheColumns(), v.hashName(), v.extractorVersion()),
              v.weight(),
              v.accountIds(),
              v.matrix(),
              v.prior(),
              v.labels());
      assertArrayEquals(v.bytes(), s.canonicalBytes(), v.name());
      assertEquals(v.id(), s.id(), v.name());
      Snapshot decoded = Snapshot.fromCanonicalBytes(v.bytes());
      assertEquals(v.id(), decoded.id(), v.name());
      assertEquals(v.accountIds(), decoded.accountIds(), v.name());
      assertEquals(v.labels(), decoded.labels(), v.name());
    }
  }

  @Test
  void javaRefusesEveryInvalidVector() {
    List<SnapshotVectors.Invalid> vectors = SnapshotVectors.invalid();
    assertTrue(vectors.size() >= 15, "vectors: " + vectors.size());
    for (SnapshotVectors.Invalid v : vectors) {
      assertThrows(
          MalformedSnapshotException.class,
          () -> Snapshot.fromCanonicalBytes(v.bytes()),
          v.name() + " (" + v.reason() + ")");
    }
  }
}
