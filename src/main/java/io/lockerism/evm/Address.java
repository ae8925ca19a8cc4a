package io.lockerism.evm;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * A 20-byte account or contract address. Parses {@code 0x} and 40 hex digits in any case (so EIP-55
 * checksummed addresses too, without checking the checksum); prints lowercase.
 */
public final class Address {

  public static final int BYTES = 20;

  /** The zero address: no transaction comes from it, so a proof made for it is never recorded. */
  public static final Address ZERO = new Address(new byte[BYTES]);

  private static final Pattern TEXT = Pattern.compile("0[xX][0-9a-fA-F]{40}");

  private final byte[] bytes;

  private Address(byte[] bytes) {
    this.bytes = bytes;
  }

  /** {@code 0x} and 40 hex digits. */
  @JsonCreator
  public static Address parse(String text) {
    if (text == null || !TEXT.matcher(text.strip()).matches()) {
      throw new IllegalArgumentException("an address is 0x and 40 hex digits (20 bytes)");
    }
    return new Address(Hex.parse(text, BYTES, "an address"));
  }

  /** Whether {@code text} is {@code 0x} and 40 hex digits. */
  public static boolean isAddress(String text) {
    return text != null && TEXT.matcher(text.strip()).matches();
  }

  /** The 20 bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** The zero address, which contracts return for "none". */
  public boolean isZero() {
    for (byte b : bytes) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  @JsonValue
  @Override
  public String toString() {
    return Hex.prefixed(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Address a && Arrays.equals(bytes, a.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }
}
