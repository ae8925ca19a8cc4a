package io.lockerism.evm;

import java.util.HexFormat;
import java.util.Locale;

/**
 * The one place hex text is parsed and printed. Parsing accepts an optional {@code 0x} (or {@code
 * 0X}) prefix and either case; printing is lowercase, with {@code 0x} where the chain and wallets
 * expect it.
 */
public final class Hex {

  private static final HexFormat HEX = HexFormat.of();

  private Hex() {}

  /**
   * The bytes of an even number of hex digits, with or without {@code 0x}.
   *
   * @throws IllegalArgumentException naming {@code what} when the text is not such hex
   */
  public static byte[] parse(String hex, String what) {
    if (hex == null) {
      throw new IllegalArgumentException(what + " is required");
    }
    String digits = stripPrefix(hex.strip());
    if (digits.length() % 2 != 0 || !isHexDigits(digits)) {
      throw new IllegalArgumentException(what + " must be hex with an even number of digits");
    }
    return HEX.parseHex(digits);
  }

  /** Like {@link #parse(String, String)}, and exactly {@code length} bytes long. */
  public static byte[] parse(String hex, int length, String what) {
    byte[] bytes;
    try {
      bytes = parse(hex, what);
    } catch (IllegalArgumentException e) {
      bytes = null;
    }
    if (bytes == null || bytes.length != length) {
      throw new IllegalArgumentException(
          what
              + " must be "
              + length
              + " bytes as "
              + (2 * length)
              + " hex digits, got \""
              + abbreviate(hex)
              + "\"");
    }
    return bytes;
  }

  /** {@code 0x} and lowercase hex digits. */
  public static String prefixed(byte[] bytes) {
    return "0x" + HEX.formatHex(bytes);
  }

  /** Lowercase hex digits without a prefix (how the app writes snapshot ids). */
  public static String plain(byte[] bytes) {
    return HEX.formatHex(bytes);
  }

  private static String stripPrefix(String s) {
    return s.startsWith("0x") || s.startsWith("0X") ? s.substring(2) : s;
  }

  private static boolean isHexDigits(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.digit(s.charAt(i), 16) < 0) {
        return false;
      }
    }
    return true;
  }

  /** Bad input is echoed only in part: it may be long. */
  private static String abbreviate(String s) {
    String t = String.valueOf(s);
    return t.length() > 80 ? t.substring(0, 80).toLowerCase(Locale.ROOT) + "…" : t;
  }
}
