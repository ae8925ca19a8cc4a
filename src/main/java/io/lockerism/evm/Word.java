package io.lockerism.evm;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * A 32-byte word, as the chain and the proof system exchange them: snapshot ids on chain, the
 * like-set and feed commitments C_L and C_F, a proof's public inputs, transaction hashes. Prints
 * (and serializes to JSON) as {@code 0x} and 64 lowercase hex digits.
 */
public final class Word {

  public static final int BYTES = 32;
  private static final BigInteger LIMIT = BigInteger.ONE.shiftLeft(8 * BYTES);

  private final byte[] bytes;

  private Word(byte[] bytes) {
    this.bytes = bytes;
  }

  /** 64 hex digits, with or without {@code 0x}. */
  @JsonCreator
  public static Word parse(String hex) {
    return parse(hex, "a 32-byte word");
  }

  /** Like {@link #parse(String)}, naming {@code what} in the error. */
  public static Word parse(String hex, String what) {
    return new Word(Hex.parse(hex, BYTES, what));
  }

  public static Word of(byte[] bytes) {
    if (bytes == null || bytes.length != BYTES) {
      throw new IllegalArgumentException("a word is " + BYTES + " bytes");
    }
    return new Word(bytes.clone());
  }

  /** An integer in [0, 2^256) as a big-endian word. */
  public static Word of(BigInteger value) {
    if (value == null || value.signum() < 0 || value.compareTo(LIMIT) >= 0) {
      throw new IllegalArgumentException("a word holds an integer in [0, 2^256), got " + value);
    }
    byte[] raw = value.toByteArray();
    byte[] out = new byte[BYTES];
    int n = Math.min(raw.length, BYTES);
    System.arraycopy(raw, raw.length - n, out, BYTES - n, n);
    return new Word(out);
  }

  public byte[] bytes() {
    return bytes.clone();
  }

  public BigInteger toBigInteger() {
    return new BigInteger(1, bytes);
  }

  /** 64 lowercase hex digits without {@code 0x}: the app's form of a snapshot id. */
  public String toPlainHex() {
    return Hex.plain(bytes);
  }

  @JsonValue
  @Override
  public String toString() {
    return Hex.prefixed(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Word w && Arrays.equals(bytes, w.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }
}
