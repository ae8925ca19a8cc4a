package io.lockerism.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Formatting for templates, available there as {@code ${fmt}}. */
public final class Formats {

  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.ENGLISH)
          .withZone(ZoneOffset.UTC);

  /** Counts as people read them: 950, 12.3K, 1.2M, 3.4B (rounded half up, ".0" dropped). */
  public String count(long n) {
    if (n < 1_000) {
      return Long.toString(n);
    }
    // Plain arithmetic: String.format was a tenth of a catalog page's rendering time.
    double value = n;
    int unit = -1;
    while (value >= 999.95 && unit < COUNT_UNITS.length - 1) {
      value /= 1000;
      unit++;
    }
    long tenths = Math.round(value * 10);
    String digits =
        value >= 100 || tenths % 10 == 0
            ? Long.toString(Math.round(value >= 100 ? value : tenths / 10.0))
            : tenths / 10 + "." + tenths % 10;
    return digits + COUNT_UNITS[unit];
  }

  private static final String[] COUNT_UNITS = {"K", "M", "B", "T"};

  public String percent(Double rate) {
    if (rate == null) {
      return "—";
    }
    double pct = rate <= 1 ? rate * 100 : rate;
    return String.format(Locale.ROOT, "%.1f%%", pct);
  }

  public String dateTime(Instant t) {
    return t == null ? "—" : DATE_TIME.format(t);
  }

  public String date(Instant t) {
    return t == null ? "—" : DATE.format(t);
  }

  /** One or two letters for an avatar placeholder. */
  public String initials(String name) {
    String trimmed = name == null ? "" : name.strip();
    if (trimmed.isEmpty()) {
      return "?";
    }
    int first = trimmed.codePointAt(0);
    return new String(Character.toChars(first)).toUpperCase(Locale.ROOT);
  }

  /**
   * One of twelve colour classes per name, so avatar placeholders are told apart by colour too (a
   * class, not an inline style, which the Content-Security-Policy forbids).
   */
  public String hueClass(String name) {
    return "hue-" + Math.floorMod(name == null ? 0 : name.hashCode(), 12);
  }

  /** A run of text, or a hashtag that links to the catalog search for it. */
  public record Segment(String text, String href) {
    public boolean tag() {
      return href != null;
    }
  }

  private static final java.util.regex.Pattern HASHTAG =
      java.util.regex.Pattern.compile("#[\\p{L}\\p{N}_]+");

  /** Text split around its hashtags, so templates can link them (text stays escaped). */
  public java.util.List<Segment> segments(String text) {
    java.util.List<Segment> out = new java.util.ArrayList<>();
    if (text == null) {
      return out;
    }
    java.util.regex.Matcher m = HASHTAG.matcher(text);
    int at = 0;
    while (m.find()) {
      if (m.start() > at) {
        out.add(new Segment(text.substring(at, m.start()), null));
      }
      out.add(
          new Segment(
              m.group(),
              "/catalog?q="
                  + java.net.URLEncoder.encode(
                      m.group(), java.nio.charset.StandardCharsets.UTF_8)));
      at = m.end();
    }
    if (at < text.length()) {
      out.add(new Segment(text.substring(at), null));
    }
    return out;
  }

  private static final java.util.regex.Pattern HANDLE =
      java.util.regex.Pattern.compile("/@([A-Za-z0-9_.]{1,64})");

  /** A creator's @handle, from their TikTok address, or null. */
  public String handle(String url) {
    if (url == null) {
      return null;
    }
    java.util.regex.Matcher m = HANDLE.matcher(url);
    return m.find() ? m.group(1) : null;
  }
}
