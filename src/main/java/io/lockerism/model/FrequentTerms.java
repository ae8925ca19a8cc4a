package io.lockerism.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Approximate most frequent terms of one hashed column, in fixed memory (Space-Saving).
 *
 * <p>Used only to label hashed columns for people ("why is this in my feed"). Keeping a full
 * vocabulary would cost memory proportional to the catalog's text rather than O(N·D); with
 * Space-Saving each column keeps {@link #CAPACITY} counters and the truly frequent terms are kept
 * with high probability. Ties are broken by the term's text so labels are deterministic.
 */
final class FrequentTerms {

  static final int CAPACITY = 24;

  private static final Comparator<Map.Entry<String, long[]>> MOST_FREQUENT_FIRST =
      Comparator.<Map.Entry<String, long[]>>comparingLong(e -> -e.getValue()[0])
          .thenComparing(Map.Entry::getKey);

  private final Map<String, long[]> counts = new HashMap<>();

  void add(String term) {
    long[] count = counts.get(term);
    if (count != null) {
      count[0]++;
    } else if (counts.size() < CAPACITY) {
      counts.put(term, new long[] {1});
    } else {
      replaceLeastFrequent(term);
    }
  }

  /** Space-Saving: the new term takes over the smallest counter, inheriting its count + 1. */
  private void replaceLeastFrequent(String term) {
    String victim = null;
    long least = Long.MAX_VALUE;
    for (Map.Entry<String, long[]> entry : counts.entrySet()) {
      long count = entry.getValue()[0];
      if (count < least || (count == least && entry.getKey().compareTo(victim) > 0)) {
        victim = entry.getKey();
        least = count;
      }
    }
    counts.remove(victim);
    counts.put(term, new long[] {least + 1});
  }

  /** Up to {@code limit} terms, most frequent first. */
  List<String> top(int limit) {
    List<Map.Entry<String, long[]>> entries = new ArrayList<>(counts.entrySet());
    entries.sort(MOST_FREQUENT_FIRST);
    List<String> terms = new ArrayList<>();
    for (int k = 0; k < Math.min(limit, entries.size()); k++) {
      terms.add(entries.get(k).getKey());
    }
    return terms;
  }
}
