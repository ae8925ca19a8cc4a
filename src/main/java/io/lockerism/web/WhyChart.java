package io.lockerism.web;

import io.lockerism.model.Explanation;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * "Why this?" in words and bars: a one-line reason naming the likes that drew the pick ("Because
 * you liked Anna and Ben · #travel #food"), then each part's share of the score — the topics your
 * likes share with this creator, the rest of your interests, and the popularity prior as its own
 * bar — adding up to 100%. Bars are sized on the server as SVG attributes, since the
 * Content-Security-Policy allows no inline styles.
 */
record WhyChart(String headline, List<String> tags, List<Bar> bars) {

  record Bar(String label, long value, double length, String share) {}

  private static final String TERMS = "terms:";
  private static final int MAX_TERMS = 3;
  private static final int MAX_TAGS = 4;

  /**
   * @param names display names of the liked profiles the explanation names, by account id
   */
  static WhyChart of(Explanation why, Map<String, String> names) {
    long total = Math.max(1, why.score());
    List<Bar> bars = new ArrayList<>();
    Set<String> tags = new LinkedHashSet<>();
    long shown = 0;
    for (Explanation.Contribution c : why.top()) {
      bars.add(bar(label(c.label(), tags), c.contribution(), total));
      shown += c.contribution();
    }
    long other = why.interestScore() - shown;
    if (other > 0) {
      bars.add(bar("Other interests you share", other, total));
    }
    bars.add(bar("Popular with everyone", why.popularityScore(), total));
    List<String> shownTags = tags.stream().limit(MAX_TAGS).toList();
    return new WhyChart(headline(why, names), shownTags, bars);
  }

  private static String headline(Explanation why, Map<String, String> names) {
    if (why.interestScore() <= 0 || why.top().isEmpty()) {
      return "Popular with everyone — none of your likes point here yet";
    }
    List<String> liked =
        why.because().stream().map(b -> names.getOrDefault(b.accountId(), "")).toList();
    if (!liked.isEmpty() && !liked.contains("")) {
      return "Because you liked " + inWords(liked);
    }
    return why.interestScore() >= why.popularityScore()
        ? "Matches what you like"
        : "Popular, and close to what you like";
  }

  /** "A", "A and B", "A, B and C". */
  static String inWords(List<String> names) {
    if (names.size() == 1) {
      return names.get(0);
    }
    return String.join(", ", names.subList(0, names.size() - 1))
        + " and "
        + names.get(names.size() - 1);
  }

  /** "terms: wait, trying, #carsoftiktok" becomes "#carsoftiktok, wait, trying". */
  private static String label(String raw, Set<String> tags) {
    if (!raw.toLowerCase(Locale.ROOT).startsWith(TERMS)) {
      return raw.isEmpty() ? raw : Character.toUpperCase(raw.charAt(0)) + raw.substring(1);
    }
    List<String> hashtags = new ArrayList<>();
    List<String> words = new ArrayList<>();
    for (String term : raw.substring(TERMS.length()).split(",")) {
      String t = term.strip();
      if (t.startsWith("#")) {
        hashtags.add(t);
        tags.add(t);
      } else if (!t.isEmpty()) {
        words.add(t);
      }
    }
    hashtags.addAll(words);
    return "Topics: "
        + String.join(", ", hashtags.subList(0, Math.min(MAX_TERMS, hashtags.size())));
  }

  private static Bar bar(String label, long value, long total) {
    double share = 100.0 * Math.max(0, value) / total;
    return new Bar(label, value, Math.max(1, share), Math.round(share) + "%");
  }
}
