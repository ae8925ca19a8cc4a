package io.lockerism.web;

import io.lockerism.model.Explanation;
import java.util.ArrayList;
import java.util.List;

/**
 * The bars of the "why" chart: each contribution's length on a 0..100 scale and its share of
 * the score. Sized on the server as SVG attributes, since the Content-Security-Policy allows no
 * inline styles.
 */
record WhyChart(List<Bar> bars) {

  record Bar(String label, long value, double length, String share) {}

  static WhyChart of(Explanation why) {
    long max = Math.max(1, why.popularityScore());
    for (Explanation.Contribution c : why.top()) {
      max = Math.max(max, c.contribution());
    }
    long total = Math.max(1, why.score());
    List<Bar> bars = new ArrayList<>();
    for (Explanation.Contribution c : why.top()) {
      bars.add(bar(c.label(), c.contribution(), max, total));
    }
    bars.add(bar("popularity", why.popularityScore(), max, total));
    return new WhyChart(bars);
  }

  private static Bar bar(String label, long value, long max, long total) {
    double length = Math.max(1, 100.0 * value / max);
    return new Bar(label, value, length, Math.round(100.0 * value / total) + "%");
  }
}
