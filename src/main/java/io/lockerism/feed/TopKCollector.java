package io.lockerism.feed;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Keeps the k best (score, index) pairs seen so far, block by block, in O(k) memory: higher
 * score first, ties to the lower index — the feed's order.
 */
final class TopKCollector {

  /** Best first: higher score, then lower index. */
  static final Comparator<Ranked> RANK =
      Comparator.comparingLong(Ranked::score).reversed().thenComparingInt(Ranked::index);

  private final int k;
  private final Set<Integer> excluded;
  private final PriorityQueue<Ranked> worstFirst = new PriorityQueue<>(RANK.reversed());

  TopKCollector(int k, Set<Integer> excluded) {
    this.k = k;
    this.excluded = excluded;
  }

  void offer(int firstIndex, long[] scores) {
    for (int r = 0; r < scores.length; r++) {
      int index = firstIndex + r;
      if (excluded.contains(index)) {
        continue;
      }
      Ranked candidate = new Ranked(index, scores[r]);
      if (worstFirst.size() < k) {
        worstFirst.add(candidate);
      } else if (RANK.compare(candidate, worstFirst.peek()) < 0) {
        worstFirst.poll();
        worstFirst.add(candidate);
      }
    }
  }

  List<Ranked> ranked() {
    List<Ranked> out = new ArrayList<>(worstFirst);
    out.sort(RANK);
    return out;
  }

  record Ranked(int index, long score) {}
}
