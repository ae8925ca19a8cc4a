package io.lockerism.web;

import java.time.Duration;

/**
 * How the pages name a release window, so that the words follow the configured length: a one-day
 * deployment says "day", a {@code --dp-window PT60S} demo says "minute", an odd length says "window
 * of 2 h 5 min" — never "day" for what is not one.
 */
final class WindowWords {

  private WindowWords() {}

  /** "day", "hour", "minute", "week", or "window of …". */
  static String noun(Duration window) {
    long s = window.toSeconds();
    if (s == 86_400) {
      return "day";
    }
    if (s == 604_800) {
      return "week";
    }
    if (s == 3_600) {
      return "hour";
    }
    if (s == 60) {
      return "minute";
    }
    return "window of " + AnalyticsRoutes.durationText(window);
  }

  /** "days", "hours", …, or "windows of …", after a number other than one. */
  static String plural(Duration window) {
    String one = noun(window);
    return one.startsWith("window of ") ? "windows" + one.substring("window".length()) : one + "s";
  }

  /** "2 days", "1 minute", "5 windows of 3 s". */
  static String count(long n, Duration window) {
    return n + " " + (n == 1 ? noun(window) : plural(window));
  }
}
