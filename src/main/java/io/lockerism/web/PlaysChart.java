package io.lockerism.web;

import io.lockerism.catalog.TopVideo;
import java.util.ArrayList;
import java.util.List;

/**
 * A creator's top videos as a bar chart of plays, most played first. Bars are SVG widths computed
 * here (the Content-Security-Policy allows no inline styles); every bar's label and count are text,
 * so the chart reads as a list without the picture.
 */
public record PlaysChart(List<Bar> bars, String summary) {

  /**
   * @param label "Video 2", what the video list below calls it
   * @param title the first words of the video's description
   * @param length the bar's length, 0–100 (at least 1 so that a small count still shows)
   * @param plays the play count, as the page writes counts
   */
  public record Bar(String label, String title, double length, String plays) {}

  private static final int TITLE_CHARS = 40;
  private static final Formats FORMATS = new Formats();

  static PlaysChart of(List<TopVideo> videos) {
    long most = videos.stream().mapToLong(TopVideo::playCount).max().orElse(0);
    List<Bar> bars = new ArrayList<>();
    for (int i = 0; i < videos.size(); i++) {
      TopVideo v = videos.get(i);
      double length = most <= 0 ? 1 : Math.max(1, 100.0 * Math.max(0, v.playCount()) / most);
      bars.add(new Bar("Video " + (i + 1), title(v), length, FORMATS.count(v.playCount())));
    }
    long total = videos.stream().mapToLong(v -> Math.max(0, v.playCount())).sum();
    String summary =
        videos.size()
            + (videos.size() == 1 ? " top video, " : " top videos, ")
            + FORMATS.count(total)
            + " plays in all";
    return new PlaysChart(bars, summary);
  }

  private static String title(TopVideo v) {
    String d = v.description().strip();
    if (d.isEmpty()) {
      return "Untitled video";
    }
    return d.codePointCount(0, d.length()) <= TITLE_CHARS
        ? d
        : d.substring(0, d.offsetByCodePoints(0, TITLE_CHARS)).strip() + "…";
  }
}
