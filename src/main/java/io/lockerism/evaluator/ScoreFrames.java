package io.lockerism.evaluator;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * The score stream of {@code POST /v1/score/{snapshotId}} (protocol 2): one frame per reply, in row
 * order, {@code [int32 firstRow][int32 rows][int32 length][length bytes: serialized reply]},
 * integers big-endian, ended by the end of the response body.
 */
final class ScoreFrames {

  static final String CONTENT_TYPE = "application/octet-stream";

  /**
   * A reply of {@link LocalEvaluator#RANGE_BLOCKS} blocks is ~0.98 MB (30 KB per block of 4096
   * slots); anything far larger is not one.
   */
  static final int MAX_REPLY_BYTES = 2 << 20;

  /** A query at the largest shape (D = 128, G = 1) is ~3.9 MB. */
  static final int MAX_QUERY_BYTES = 8 << 20;

  static final int HEADER_BYTES = 12;

  private ScoreFrames() {}

  /**
   * Writes one frame with a single write call, so the 12-byte header never goes out as a tiny
   * segment of its own.
   */
  static void write(OutputStream out, int firstRow, int rows, byte[] reply) throws IOException {
    ByteBuffer frame = ByteBuffer.allocate(HEADER_BYTES + reply.length);
    frame.putInt(firstRow).putInt(rows).putInt(reply.length).put(reply);
    out.write(frame.array());
  }

  /** One frame's header and bytes. */
  record Frame(int firstRow, int rows, byte[] reply) {}

  /**
   * Reads the next frame, or returns null at a clean end of stream (between frames). Checks that
   * frames are contiguous and stay inside {@code profiles}.
   */
  static Frame read(DataInputStream in, int expectedFirstRow, int profiles) throws IOException {
    int firstRow;
    try {
      firstRow = in.readInt();
    } catch (EOFException end) {
      return null;
    }
    int rows;
    int length;
    byte[] bytes;
    try {
      rows = in.readInt();
      length = in.readInt();
      if (firstRow != expectedFirstRow) {
        throw new EvaluatorException(
            "score stream out of order: block starts at row "
                + firstRow
                + ", expected "
                + expectedFirstRow);
      }
      if (rows < 1 || rows > profiles - firstRow) {
        throw new EvaluatorException(
            "score stream block at row "
                + firstRow
                + " claims "
                + rows
                + " rows; the snapshot has "
                + profiles);
      }
      if (length < 1 || length > MAX_REPLY_BYTES) {
        throw new EvaluatorException(
            "score stream block at row " + firstRow + " has an implausible reply length " + length);
      }
      bytes = in.readNBytes(length);
    } catch (EOFException truncated) {
      throw new EvaluatorException(
          "score stream truncated inside the block at row " + firstRow, truncated);
    }
    if (bytes.length != length) {
      throw new EvaluatorException("score stream truncated inside the block at row " + firstRow);
    }
    return new Frame(firstRow, rows, bytes);
  }
}
