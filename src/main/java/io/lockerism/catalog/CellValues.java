package io.lockerism.catalog;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Parses and checks single CSV cell values. Every method takes the raw cell text, and throws {@link
 * InvalidValueException} with a message that quotes the offending value.
 */
final class CellValues {
  static final int MAX_URL_CHARS = 4096;

  /** Bounds any one text cell, so a runaway quoted field is reported instead of stored. */
  static final int MAX_TEXT_CHARS = 1 << 20;

  // Plain decimal notation, plus exponents because spreadsheet/pandas exports write 1.2E6.
  private static final Pattern UNSIGNED_DECIMAL =
      Pattern.compile("(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
  private static final Pattern EPOCH_SECONDS = Pattern.compile("\\d{1,12}(\\.\\d{1,9})?");
  private static final Pattern DATE_SPACE_TIME = Pattern.compile("(\\d{4}-\\d{2}-\\d{2}) (\\d.*)");
  private static final Pattern COMPACT_OFFSET = Pattern.compile("(.*T.*[+-]\\d{2})(\\d{2})");
  private static final Pattern HTTP_URL =
      Pattern.compile("(?i)https?://[^\\s/?#@]+(@[^\\s/?#]+)?([/?#]\\S*)?");
  // A scheme-less link as TikTok shows bio links, e.g. "linktr.ee/someone".
  private static final Pattern BARE_LINK = Pattern.compile("[\\w-]+(\\.[\\w-]+)+([/?#]\\S*)?");
  private static final int QUOTED_VALUE_CHARS = 40;

  /**
   * Stands in for bytes that are not UTF-8. U+FFFF is a Unicode noncharacter, so real text never
   * contains it (unlike U+FFFD, which a file may carry legitimately).
   */
  static final char NOT_UTF8 = '\uFFFF';

  private CellValues() {}

  /** Rejects a cell that held bytes which are not UTF-8; applies to every column we read. */
  static void checkEncoding(String raw) {
    if (raw.indexOf(NOT_UTF8) >= 0) {
      throw new InvalidValueException("is not valid UTF-8 text");
    }
  }

  static String accountId(String raw) {
    String id = raw.strip();
    if (id.isEmpty()) {
      throw new InvalidValueException("is required but empty");
    }
    int bytes = id.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    if (bytes > Profile.MAX_ACCOUNT_ID_BYTES) {
      throw new InvalidValueException(
          "is " + bytes + " bytes of UTF-8, more than " + Profile.MAX_ACCOUNT_ID_BYTES);
    }
    if (id.chars().anyMatch(Character::isISOControl)) {
      throw new InvalidValueException(quote(raw) + " contains control characters");
    }
    return id;
  }

  static String text(String raw) {
    if (raw.length() > MAX_TEXT_CHARS) {
      throw new InvalidValueException(
          "is " + raw.length() + " characters, more than " + MAX_TEXT_CHARS);
    }
    return raw;
  }

  /** A count; empty means 0. Accepts "1234.0" and "1.2E6" as long as the value is whole. */
  static long count(String raw) {
    String value = raw.strip();
    if (value.isEmpty()) {
      return 0;
    }
    try {
      if (UNSIGNED_DECIMAL.matcher(value).matches()) {
        return new BigDecimal(value).longValueExact();
      }
    } catch (ArithmeticException | NumberFormatException tooLargeOrFractional) {
      // fall through to the message below
    }
    throw new InvalidValueException(quote(raw) + " is not a non-negative integer");
  }

  /** A rate such as 0.0534; empty means unknown (null). */
  static Double rate(String raw) {
    String value = raw.strip();
    if (value.isEmpty()) {
      return null;
    }
    if (UNSIGNED_DECIMAL.matcher(value).matches()) {
      double rate = Double.parseDouble(value);
      if (Double.isFinite(rate)) {
        return rate;
      }
    }
    throw new InvalidValueException(quote(raw) + " is not a non-negative decimal");
  }

  /** Empty means not verified. */
  static boolean flag(String raw) {
    switch (raw.strip().toLowerCase(Locale.ROOT)) {
      case "true", "1":
        return true;
      case "false", "0", "":
        return false;
      default:
        throw new InvalidValueException(quote(raw) + " is not true/false/1/0");
    }
  }

  /**
   * An instant: ISO-8601 date-time with or without offset (no offset means UTC), a bare ISO date
   * (midnight UTC), or epoch seconds. Empty means unknown (null).
   */
  static Instant instant(String raw) {
    String value = raw.strip();
    if (value.isEmpty()) {
      return null;
    }
    try {
      if (EPOCH_SECONDS.matcher(value).matches()) {
        return epochSeconds(new BigDecimal(value));
      }
      return isoInstant(value);
    } catch (DateTimeException | ArithmeticException e) {
      throw new InvalidValueException(
          quote(raw) + " is not an ISO-8601 date-time or epoch seconds");
    }
  }

  static Instant epochSeconds(BigDecimal seconds) {
    long whole = seconds.longValue();
    int nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).intValue();
    return Instant.ofEpochSecond(whole, nanos);
  }

  private static Instant isoInstant(String value) {
    String iso = DATE_SPACE_TIME.matcher(value).replaceFirst("$1T$2");
    iso = COMPACT_OFFSET.matcher(iso).replaceFirst("$1:$2");
    if (!iso.contains("T")) {
      return LocalDate.parse(iso).atStartOfDay().toInstant(ZoneOffset.UTC);
    }
    TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parse(iso);
    if (parsed.isSupported(ChronoField.OFFSET_SECONDS)) {
      return Instant.from(parsed);
    }
    return LocalDateTime.from(parsed).toInstant(ZoneOffset.UTC);
  }

  /** An http(s) URL; empty stays empty. */
  static String url(String raw) {
    String value = raw.strip();
    if (value.isEmpty() || isHttpUrl(value)) {
      return value;
    }
    throw new InvalidValueException(quote(raw) + " is not an http(s) URL");
  }

  /** Like {@link #url}, but a scheme-less "host.tld/path" link gets "https://" prepended. */
  static String bioLink(String raw) {
    String value = raw.strip();
    if (!value.isEmpty() && !value.contains("://") && BARE_LINK.matcher(value).matches()) {
      return url("https://" + value);
    }
    return url(raw);
  }

  private static boolean isHttpUrl(String value) {
    return value.length() <= MAX_URL_CHARS && HTTP_URL.matcher(value).matches();
  }

  /** The value in quotes, shortened and with control characters escaped, for messages. */
  static String quote(String raw) {
    String shown =
        raw.length() > QUOTED_VALUE_CHARS ? raw.substring(0, QUOTED_VALUE_CHARS) + "…" : raw;
    StringBuilder out = new StringBuilder("\"");
    shown
        .chars()
        .forEach(
            c ->
                out.append(
                    Character.isISOControl(c)
                        ? String.format("\\u%04x", c)
                        : String.valueOf((char) c)));
    return out.append('"').toString();
  }
}
