package io.lockerism.web;

import io.lockerism.analytics.Release;
import io.lockerism.analytics.ReleaseStatus;
import io.lockerism.analytics.SeriesReport;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The SVG geometry of one series' chart: per window a dot at the noisy value and a whisker over its
 * 95 % interval, a zero line and the value range. Values and intervals below zero are shown as 0
 * ({@link Release#shownValue()}), so the chart never shows a negative count. Computed on the server
 * as SVG attributes (the Content-Security-Policy allows no inline styles); colours come from
 * app.css classes.
 */
record ReleaseChart(
    List<Mark> marks,
    double zeroY,
    String topLabel,
    String bottomLabel,
    String firstLabel,
    String lastLabel,
    boolean anyReleased,
    String summary) {

  static final int WIDTH = 320;
  static final int HEIGHT = 150;
  private static final int LEFT = 44;
  private static final int RIGHT = 8;
  private static final int TOP = 10;
  private static final int BOTTOM = 22;

  /** One window: released (dot and whisker) or a hollow marker at zero height. */
  record Mark(
      double x, double y, double yLow, double yHigh, String css, String label, boolean released) {}

  static ReleaseChart of(SeriesReport report, Duration window) {
    List<Release> releases = report.releases();
    long min = 0;
    long max = 1;
    for (Release r : releases) {
      if (r.released()) {
        max = Math.max(max, r.shownHigh());
      }
    }
    double plotW = WIDTH - LEFT - RIGHT;
    double plotH = HEIGHT - TOP - BOTTOM;
    double step = plotW / releases.size();
    long lo = min;
    long span = Math.max(1, max - min);
    java.util.function.LongToDoubleFunction y = v -> TOP + plotH * (1 - (v - lo) / (double) span);
    List<Mark> marks = new ArrayList<>();
    boolean any = false;
    for (int i = 0; i < releases.size(); i++) {
      Release r = releases.get(i);
      double x = LEFT + step * (i + 0.5);
      String label = windowLabel(r.start(), window);
      if (r.released()) {
        any = true;
        marks.add(
            new Mark(
                round(x),
                round(y.applyAsDouble(r.shownValue())),
                round(y.applyAsDouble(r.shownLow())),
                round(y.applyAsDouble(r.shownHigh())),
                "mark-released",
                label
                    + ": "
                    + r.shownValue()
                    + " (95 % interval "
                    + r.shownLow()
                    + " to "
                    + r.shownHigh()
                    + ")",
                true));
      } else {
        marks.add(
            new Mark(
                round(x),
                round(y.applyAsDouble(0)),
                0,
                0,
                "mark-" + r.status().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                label + ": " + statusText(r.status()),
                false));
      }
    }
    Release first = releases.get(0);
    Release last = releases.get(releases.size() - 1);
    return new ReleaseChart(
        marks,
        round(y.applyAsDouble(0)),
        String.valueOf(max),
        String.valueOf(min),
        windowLabel(first.start(), window),
        windowLabel(last.start(), window),
        any,
        summary(report, window));
  }

  static String statusText(ReleaseStatus status) {
    return switch (status) {
      case OPEN -> "still being counted";
      case RELEASED -> "released";
      case BUDGET_SPENT -> "not released, the privacy budget was spent";
      case NOT_COUNTED -> "not counted";
    };
  }

  /** Days as "3 Dec"; shorter windows (tests, demos) as UTC times. */
  static String windowLabel(Instant start, Duration window) {
    DateTimeFormatter f =
        window.toHours() >= 24
            ? DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH)
            : DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ENGLISH);
    return f.format(start.atOffset(ZoneOffset.UTC));
  }

  private static String summary(SeriesReport report, Duration window) {
    long released = report.releases().stream().filter(Release::released).count();
    return report.series().title()
        + " over the last "
        + report.releases().size()
        + " windows; "
        + released
        + " released.";
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
