package io.lockerism.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotEncodingTest {

  private final Snapshot snapshot = SnapshotBuilder.build(TestCatalog.topical());

  @Test
  void roundTripKeepsEveryPart() {
    byte[] bytes = snapshot.canonicalBytes();
    Snapshot parsed = Snapshot.fromCanonicalBytes(bytes);

    assertArrayEquals(bytes, parsed.canonicalBytes());
    assertEquals(snapshot.id(), parsed.id());
    assertEquals(snapshot.layout(), parsed.layout());
    assertEquals(snapshot.weight(), parsed.weight());
    assertEquals(snapshot.accountIds(), parsed.accountIds());
    assertEquals(snapshot.labels(), parsed.labels());
    assertEquals(snapshot.matrix(), parsed.matrix());
    assertEquals(snapshot.priors(), parsed.priors());
  }

  @Test
  void idIsTheSha256OfTheCanonicalBytes() {
    String expected = HexFormat.of().formatHex(Snapshot.sha256(snapshot.canonicalBytes()));
    assertEquals(expected, snapshot.id());
  }

  @Test
  void headerIsBigEndianAfterTheMagic() {
    ByteBuffer bytes = ByteBuffer.wrap(snapshot.canonicalBytes());
    byte[] magic = new byte[8];
    bytes.get(magic);

    assertArrayEquals("LKSNAP\0\1".getBytes(StandardCharsets.US_ASCII), magic);
    assertEquals(1, bytes.getInt()); // format version
    assertEquals(64, bytes.getInt()); // D
    assertEquals(snapshot.layout().termColumns(), bytes.getInt());
    assertEquals(snapshot.layout().nicheColumns(), bytes.getInt());
    byte[] hashName = FeatureExtractor.HASH_NAME.getBytes(StandardCharsets.UTF_8);
    assertEquals(hashName.length, bytes.getInt());
    byte[] storedName = new byte[hashName.length];
    bytes.get(storedName);
    assertArrayEquals(hashName, storedName);
  }

  @Test
  void emptySnapshotRoundTrips() {
    Snapshot empty = SnapshotBuilder.build(List.of());
    assertEquals(empty.id(), Snapshot.fromCanonicalBytes(empty.canonicalBytes()).id());
  }

  @Test
  void everyTruncationIsRejected() {
    byte[] bytes = snapshot.canonicalBytes();
    for (int length = 0; length < bytes.length; length++) {
      byte[] truncated = Arrays.copyOf(bytes, length);
      assertThrows(
          MalformedSnapshotException.class,
          () -> Snapshot.fromCanonicalBytes(truncated),
          "truncated to " + length + " bytes");
    }
  }

  @Test
  void trailingBytesAreRejected() {
    byte[] bytes = snapshot.canonicalBytes();
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
    assertRejected(longer, "trailing");
  }

  @Test
  void wrongMagicOrVersionIsRejected() {
    byte[] badMagic = snapshot.canonicalBytes();
    badMagic[0] = 'X';
    assertRejected(badMagic, "magic");

    byte[] badVersion = snapshot.canonicalBytes();
    badVersion[11] = 2;
    assertRejected(badVersion, "version");
  }

  @Test
  void featureValueAbove15IsRejected() {
    byte[] bytes = snapshot.canonicalBytes();
    int matrixStart = bytes.length - snapshot.size() - snapshot.size() * snapshot.d();
    bytes[matrixStart] = 16;
    assertRejected(bytes, "outside 0..15");
  }

  @Test
  void priorValueAbove15IsRejected() {
    byte[] bytes = snapshot.canonicalBytes();
    bytes[bytes.length - 1] = (byte) 0xFF;
    assertRejected(bytes, "prior");
  }

  @Test
  void idsOutOfOrderAreRejected() {
    byte[] bytes = snapshot.canonicalBytes();
    // the first two ids are "chef_carla" and "chef_dan"; make the first sort after the second
    int at = indexOf(bytes, "chef_carla".getBytes(StandardCharsets.UTF_8));
    bytes[at] = 'z';
    assertRejected(bytes, "snapshot order");
  }

  @Test
  void invalidUtf8IsRejected() {
    byte[] bytes = snapshot.canonicalBytes();
    int at = indexOf(bytes, FeatureExtractor.HASH_NAME.getBytes(StandardCharsets.UTF_8));
    bytes[at] = (byte) 0xC3; // a lead byte followed by ASCII
    assertRejected(bytes, "UTF-8");
  }

  @Test
  void hugeDeclaredCountIsRejectedWithoutAllocating() {
    byte[] bytes = snapshot.canonicalBytes();
    int hashNameLength = FeatureExtractor.HASH_NAME.getBytes(StandardCharsets.UTF_8).length;
    // magic, format version, D, terms, niches, hash name, extractor version, w
    int nOffset = 8 + 4 * 4 + 4 + hashNameLength + 4 + 4;
    assertEquals(snapshot.size(), ByteBuffer.wrap(bytes, nOffset, 4).getInt());
    ByteBuffer.wrap(bytes).putInt(nOffset, 0x7FFFFFF0);
    assertRejected(bytes, "too early");

    ByteBuffer.wrap(bytes).putInt(nOffset, -1);
    assertRejected(bytes, "out of range");
  }

  @Test
  void layoutThatDoesNotAddUpIsRejected() {
    byte[] bytes = snapshot.canonicalBytes();
    ByteBuffer.wrap(bytes).putInt(16, snapshot.layout().termColumns() + 1);
    assertRejected(bytes, "do not add up");
  }

  private static void assertRejected(byte[] bytes, String messagePart) {
    MalformedSnapshotException e =
        assertThrows(MalformedSnapshotException.class, () -> Snapshot.fromCanonicalBytes(bytes));
    assertTrue(
        e.getMessage().contains(messagePart),
        "message '" + e.getMessage() + "' should mention '" + messagePart + "'");
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int k = 0; k < needle.length; k++) {
        if (haystack[i + k] != needle[k]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found");
  }
}
