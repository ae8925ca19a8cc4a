package io.lockerism.model;

import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The canonical binary encoding of a {@link Snapshot}, format version 1.
 *
 * <p>All integers are unsigned 32-bit big-endian ("u32", values below 2^31). A string ("str") is a
 * u32 byte length followed by that many bytes of well-formed UTF-8. In order:
 *
 * <pre>
 *   8 bytes   magic "LKSNAP\0\1"  (ASCII "LKSNAP", 0x00, 0x01)
 *   u32       format version = 1
 *   u32       D
 *   u32       term columns
 *   u32       niche columns          (stat columns are always 3: D = terms + niches + 3)
 *   str       hash name, e.g. "fnv1a64"
 *   u32       extractor version
 *   u32       prior weight w
 *   u32       N
 *   D × str   column labels
 *   N × str   account ids, strictly increasing by UTF-8 bytes
 *   N·D bytes M, row-major, each 0..15
 *   N bytes   b, each 0..15
 * </pre>
 *
 * <p>Nothing follows. Every snapshot has exactly one encoding and every accepted encoding
 * re-encodes to the same bytes, so the SHA-256 of these bytes identifies the snapshot.
 */
final class SnapshotEncoding {

  static final byte[] MAGIC = {'L', 'K', 'S', 'N', 'A', 'P', 0, 1};
  static final int FORMAT_VERSION = 1;

  private SnapshotEncoding() {}

  static byte[] encode(Snapshot snapshot) {
    FeatureLayout layout = snapshot.layout();
    ByteArrayOutputStream out =
        new ByteArrayOutputStream(snapshot.size() * (snapshot.d() + 24) + 4096);
    out.writeBytes(MAGIC);
    writeInt(out, FORMAT_VERSION);
    writeInt(out, layout.d());
    writeInt(out, layout.termColumns());
    writeInt(out, layout.nicheColumns());
    writeString(out, layout.hashName());
    writeInt(out, layout.extractorVersion());
    writeInt(out, snapshot.weight());
    writeInt(out, snapshot.size());
    snapshot.labels().forEach(label -> writeString(out, label));
    snapshot.accountIds().forEach(id -> writeString(out, id));
    out.writeBytes(snapshot.matrixArray());
    out.writeBytes(snapshot.priorArray());
    return out.toByteArray();
  }

  static Snapshot decode(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes); // big-endian by default
    try {
      readMagic(in);
      int version = readInt(in, "format version");
      if (version != FORMAT_VERSION) {
        throw new MalformedSnapshotException("unsupported snapshot format version " + version);
      }
      Snapshot snapshot = readBody(in);
      if (in.hasRemaining()) {
        throw new MalformedSnapshotException(in.remaining() + " trailing bytes after snapshot");
      }
      return snapshot;
    } catch (BufferUnderflowException e) {
      throw new MalformedSnapshotException("snapshot bytes end too early", e);
    } catch (MalformedSnapshotException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new MalformedSnapshotException("invalid snapshot: " + e.getMessage(), e);
    }
  }

  private static Snapshot readBody(ByteBuffer in) {
    int d = readInt(in, "D");
    int termColumns = readInt(in, "term columns");
    int nicheColumns = readInt(in, "niche columns");
    String hashName = readString(in, "hash name");
    int extractorVersion = readInt(in, "extractor version");
    FeatureLayout layout =
        new FeatureLayout(d, termColumns, nicheColumns, hashName, extractorVersion);
    int weight = readInt(in, "weight");
    int n = readInt(in, "N");
    // Each id needs at least 4 + 1 + D + 1 bytes: refuse before allocating for a huge N.
    requireAvailable(in, (long) n * (d + 6), "N = " + n + " profiles");
    List<String> labels = readStrings(in, d, "label");
    List<String> ids = readStrings(in, n, "account id");
    byte[] matrix = readBytes(in, n * d, "matrix");
    byte[] prior = readBytes(in, n, "prior");
    return Snapshot.of(layout, weight, ids, matrix, prior, labels);
  }

  private static void readMagic(ByteBuffer in) {
    byte[] magic = readBytes(in, MAGIC.length, "magic");
    if (!Arrays.equals(magic, MAGIC)) {
      throw new MalformedSnapshotException("not a Lockerism snapshot (bad magic)");
    }
  }

  private static List<String> readStrings(ByteBuffer in, int count, String what) {
    List<String> strings = new ArrayList<>(count);
    for (int k = 0; k < count; k++) {
      strings.add(readString(in, what + " " + k));
    }
    return strings;
  }

  private static String readString(ByteBuffer in, String what) {
    byte[] utf8 = readBytes(in, readInt(in, what + " length"), what);
    try {
      CharBuffer chars =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(utf8));
      return chars.toString();
    } catch (CharacterCodingException e) {
      throw new MalformedSnapshotException(what + " is not valid UTF-8", e);
    }
  }

  private static byte[] readBytes(ByteBuffer in, int length, String what) {
    requireAvailable(in, length, what);
    byte[] bytes = new byte[length];
    in.get(bytes);
    return bytes;
  }

  private static int readInt(ByteBuffer in, String what) {
    requireAvailable(in, Integer.BYTES, what);
    int value = in.getInt();
    if (value < 0) {
      throw new MalformedSnapshotException(
          what + " out of range: " + Integer.toUnsignedString(value));
    }
    return value;
  }

  private static void requireAvailable(ByteBuffer in, long length, String what) {
    if (length > in.remaining()) {
      throw new MalformedSnapshotException(
          "snapshot bytes end too early: "
              + what
              + " needs "
              + length
              + " bytes, "
              + in.remaining()
              + " left");
    }
  }

  private static void writeInt(ByteArrayOutputStream out, int value) {
    out.write(value >>> 24);
    out.write(value >>> 16);
    out.write(value >>> 8);
    out.write(value);
  }

  private static void writeString(ByteArrayOutputStream out, String value) {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    writeInt(out, utf8.length);
    out.writeBytes(utf8);
  }
}
