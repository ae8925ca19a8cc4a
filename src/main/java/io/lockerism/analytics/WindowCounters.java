package io.lockerism.analytics;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The counts of one release window on this instance, in memory only, with each viewer's
 * contribution bounded as {@link Series} documents. The per-viewer tallies that enforce the bounds
 * (which profiles a viewer already counted for, how many feeds) live only here and are dropped with
 * the window; they are never stored or logged. When the window ends, each viewer is admitted or
 * left out against their lifetime budget ({@link ViewerBudgets}), and the counts are the sum of the
 * admitted viewers' tallies only. Thread-safe.
 */
final class WindowCounters {

  /** Most viewers (and wallets) tracked per window; activity past it is not counted. */
  static final int MAX_TRACKED = 200_000;

  /** Feeds count for creators only down to this rank. */
  static final int FEED_DEPTH = 20;

  static final int TOP_DEPTH = 5;

  private final long windowStart;
  private final Map<Long, ViewerTally> viewers = new HashMap<>();
  private final Map<String, Integer> wallets = new HashMap<>();
  private final Set<Long> admitted = new HashSet<>();
  private final Set<Long> leftOut = new HashSet<>();
  private long published;
  private boolean overflowed;

  WindowCounters(long windowStart) {
    this.windowStart = windowStart;
  }

  long windowStart() {
    return windowStart;
  }

  /** Per viewer and window: what they already added, so no bound is ever passed. */
  private static final class ViewerTally {
    final Map<Series, Set<String>> counted = new EnumMap<>(Series.class);
    int feeds;
    int likes;
    int proofs;

    void add(Series s, String accountId) {
      Set<String> set = counted.computeIfAbsent(s, k -> new HashSet<>());
      if (set.size() < s.totalBound()) {
        set.add(accountId);
      }
    }
  }

  synchronized void feedServed(long viewerId, List<String> ranked) {
    ViewerTally t = tally(viewerId);
    if (t == null) {
      return;
    }
    if (t.feeds < Series.FEEDS_SERVED.totalBound()) {
      t.feeds++;
    }
    for (int i = 0; i < Math.min(FEED_DEPTH, ranked.size()); i++) {
      String id = ranked.get(i);
      t.add(Series.APPEARANCES, id);
      if (i < TOP_DEPTH) {
        t.add(Series.TOP5, id);
      }
    }
  }

  synchronized void liked(long viewerId, String accountId) {
    ViewerTally t = tally(viewerId);
    if (t == null) {
      return;
    }
    t.add(Series.LIKES_RECEIVED, accountId);
    if (t.likes < Series.LIKES.totalBound()) {
      t.likes++;
    }
  }

  synchronized void unliked(long viewerId, String accountId) {
    ViewerTally t = tally(viewerId);
    if (t != null) {
      t.add(Series.UNLIKES_RECEIVED, accountId);
    }
  }

  synchronized void proofMade(long viewerId) {
    ViewerTally t = tally(viewerId);
    if (t != null && t.proofs < Series.PROOFS_MADE.totalBound()) {
      t.proofs++;
    }
  }

  synchronized void proofPublished(String submitter) {
    Integer n = wallets.get(submitter);
    if (n == null && wallets.size() >= MAX_TRACKED) {
      overflowed = true;
      return;
    }
    int count = n == null ? 0 : n;
    if (count < Series.PROOFS_PUBLISHED.totalBound()) {
      wallets.put(submitter, count + 1);
      published++;
    }
  }

  /** The viewer's tally; the first activity of a viewer in the window makes them active. */
  private ViewerTally tally(long viewerId) {
    ViewerTally t = viewers.get(viewerId);
    if (t == null) {
      if (viewers.size() >= MAX_TRACKED) {
        overflowed = true;
        return null;
      }
      t = new ViewerTally();
      viewers.put(viewerId, t);
    }
    return t;
  }

  /** The viewers active in the window who are neither admitted nor left out yet, in id order. */
  synchronized List<Long> undecided() {
    return viewers.keySet().stream()
        .filter(v -> !admitted.contains(v) && !leftOut.contains(v))
        .sorted()
        .toList();
  }

  /**
   * Whether a viewer's activity counts: only admitted viewers are in {@link #counts}; a viewer
   * whose lifetime budget is spent (or whom another instance counts for this window) is left out.
   */
  synchronized void decide(long viewerId, boolean admit) {
    (admit ? admitted : leftOut).add(viewerId);
  }

  /**
   * The series' true counts over the admitted viewers, in the order of {@code cellIds} (0 for
   * profiles nobody touched).
   */
  synchronized long[] counts(Series s, List<String> cellIds) {
    if (s == Series.PROOFS_PUBLISHED) {
      return new long[] {published};
    }
    Map<String, Long> cells = new HashMap<>();
    long total = 0;
    for (long v : admitted) {
      ViewerTally t = viewers.get(v);
      switch (s) {
        case FEEDS_SERVED -> total += t.feeds;
        case ACTIVE_VIEWERS -> total++;
        case LIKES -> total += t.likes;
        case PROOFS_MADE -> total += t.proofs;
        default -> {
          for (String id : t.counted.getOrDefault(s, Set.of())) {
            cells.merge(id, 1L, Long::sum);
          }
        }
      }
    }
    if (s.scope() == Scope.DASHBOARD) {
      return new long[] {total};
    }
    long[] out = new long[cellIds.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = cells.getOrDefault(cellIds.get(i), 0L);
    }
    return out;
  }

  /** True when some activity went uncounted because the tallies were full. */
  synchronized boolean overflowed() {
    return overflowed;
  }

  /** Forgets every count and tally, so nothing outlives the window in this object. */
  synchronized void clear() {
    viewers.clear();
    wallets.clear();
    admitted.clear();
    leftOut.clear();
    published = 0;
  }
}
