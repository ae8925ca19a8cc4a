package io.lockerism.catalog;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The account ids seen so far in one file, with the line each first appeared on.
 *
 * <p>Stores a 128-bit MD5 fingerprint per id in flat arrays rather than the strings themselves: a
 * million-row catalog costs about 50 MB here instead of roughly three times that in a {@code
 * HashMap<String, Long>}. MD5 is used only as a well-mixed fingerprint; an accidental collision
 * (about 1 in 10^26 for a million ids) would at worst reject a valid file.
 */
final class AccountIdSet {
  private static final int INITIAL_CAPACITY = 1 << 10;

  private final MessageDigest md5;
  private long[] high = new long[INITIAL_CAPACITY];
  private long[] low = new long[INITIAL_CAPACITY];
  // Line numbers start at 2 (after the header), so 0 marks an empty slot.
  private long[] lines = new long[INITIAL_CAPACITY];
  private int size;

  AccountIdSet() {
    try {
      md5 = MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides MD5", e);
    }
  }

  /** Records the id at this line; returns the earlier line if it was already present, else 0. */
  long addOrFirstLine(String accountId, long line) {
    byte[] digest = md5.digest(accountId.getBytes(StandardCharsets.UTF_8));
    long hi = toLong(digest, 0);
    long lo = toLong(digest, 8);
    int slot = find(hi, lo);
    if (lines[slot] != 0) {
      return lines[slot];
    }
    high[slot] = hi;
    low[slot] = lo;
    lines[slot] = line;
    if (++size * 2 > lines.length) {
      grow();
    }
    return 0;
  }

  /** The slot holding this fingerprint, or the empty slot where it belongs. */
  private int find(long hi, long lo) {
    int mask = lines.length - 1;
    int slot = (int) hi & mask;
    while (lines[slot] != 0 && (high[slot] != hi || low[slot] != lo)) {
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  private void grow() {
    long[] oldHigh = high;
    long[] oldLow = low;
    long[] oldLines = lines;
    high = new long[oldLines.length * 2];
    low = new long[oldLines.length * 2];
    lines = new long[oldLines.length * 2];
    for (int i = 0; i < oldLines.length; i++) {
      if (oldLines[i] != 0) {
        int slot = find(oldHigh[i], oldLow[i]);
        high[slot] = oldHigh[i];
        low[slot] = oldLow[i];
        lines[slot] = oldLines[i];
      }
    }
  }

  private static long toLong(byte[] bytes, int offset) {
    long value = 0;
    for (int i = offset; i < offset + 8; i++) {
      value = (value << 8) | (bytes[i] & 0xff);
    }
    return value;
  }
}
