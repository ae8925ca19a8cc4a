package io.lockerism.chain;

import java.math.BigInteger;
import java.util.Locale;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.utils.Numeric;

/** Conversions between the app's ids and numbers and ABI words. */
final class Hex {

  private static final BigInteger WORD_LIMIT = BigInteger.ONE.shiftLeft(256);

  private Hex() {}

  /** A 32-byte snapshot id as 64 hex digits, with or without 0x, in either case. */
  static Bytes32 snapshotId(String id) {
    if (id == null) {
      throw new IllegalArgumentException("snapshot id is required");
    }
    String h = id.startsWith("0x") || id.startsWith("0X") ? id.substring(2) : id;
    if (!h.matches("[0-9a-fA-F]{64}")) {
      throw new IllegalArgumentException("snapshot id must be 32 bytes as 64 hex digits, got "
          + id);
    }
    return new Bytes32(Numeric.hexStringToByteArray(h));
  }

  /** The app's form of a snapshot id: 64 lowercase hex digits, no 0x. */
  static String snapshotIdText(byte[] id) {
    return Numeric.toHexStringNoPrefix(id).toLowerCase(Locale.ROOT);
  }

  static String normalizeSnapshotId(String id) {
    return snapshotIdText(snapshotId(id).getValue());
  }

  /** A non-negative integer below 2^256 as a bytes32 word. */
  static Bytes32 word(String what, BigInteger v) {
    if (v == null || v.signum() < 0 || v.compareTo(WORD_LIMIT) >= 0) {
      throw new IllegalArgumentException(what + " must be an integer in [0, 2^256), got " + v);
    }
    return new Bytes32(Numeric.toBytesPadded(v, 32));
  }

  /** 0x + 64 lowercase hex digits. */
  static String word(BigInteger v) {
    return Numeric.toHexStringWithPrefixZeroPadded(v, 64);
  }
}
