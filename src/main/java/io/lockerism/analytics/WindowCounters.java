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
 * the window; they are never stored or logged. Thread-safe.
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
  private final Map<Series, Map<String, Long>> cells = new EnumMap<>(Series.class);
  private final Map<Series, Long> totals = new EnumMap<>(Series.class);
  private boolean overflowed;

  WindowCounters(long windowStart) {
    this.windowStart = windowStart;
    for (Series s : Series.of(Scope.CREATORS)) {
      cells.put(s, new HashMap<>());
    }
    for (Series s : Series.of(Scope.DASHBOARD)) {
      totals.put(s, 0L);
    }
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

    boolean add(Series s, String accountId) {
      Set<String> set = counted.computeIfAbsent(s, k -> new HashSet<>());
      return set.size() < s.totalBound() && set.add(accountId);
    }
  }

  synchronized void feedServed(long viewerId, List<String> ranked) {
    ViewerTally t = tally(viewerId);
    if (t == null) {
      return;
    }
    if (t.feeds < Series.FEEDS_SERVED.totalBound()) {
      t.feeds++;
      bump(Series.FEEDS_SERVED);
    }
    for (int i = 0; i < Math.min(FEED_DEPTH, ranked.size()); i++) {
      String id = ranked.get(i);
      if (t.add(Series.APPEARANCES, id)) {
        bump(Series.APPEARANCES, id);
      }
      if (i < TOP_DEPTH && t.add(Series.TOP5, id)) {
        bump(Series.TOP5, id);
      }
    }
  }

  synchronized void liked(long viewerId, String accountId) {
    ViewerTally t = tally(viewerId);
    if (t == null) {
      return;
    }
    if (t.add(Series.LIKES_RECEIVED, accountId)) {
      bump(Series.LIKES_RECEIVED, accountId);
    }
    if (t.likes < Series.LIKES.totalBound()) {
      t.likes++;
      bump(Series.LIKES);
    }
  }

  synchronized void unliked(long viewerId, String accountId) {
    ViewerTally t = tally(viewerId);
    if (t != null && t.add(Series.UNLIKES_RECEIVED, accountId)) {
      bump(Series.UNLIKES_RECEIVED, accountId);
    }
  }

  synchronized void proofMade(long viewerId) {
    ViewerTally t = tally(viewerId);
    if (t != null && t.proofs < Series.PROOFS_MADE.totalBound()) {
      t.proofs++;
      bump(Series.PROOFS_MADE);
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
      bump(Series.PROOFS_PUBLISHED);
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
      bump(Series.ACTIVE_VIEWERS);
    }
    return t;
  }

  private void bump(Series s) {
    totals.merge(s, 1L, Long::sum);
  }

  private void bump(Series s, String accountId) {
    cells.get(s).merge(accountId, 1L, Long::sum);
  }

  /** The series' true counts in the order of {@code cellIds} (0 for profiles nobody touched). */
  synchronized long[] counts(Series s, List<String> cellIds) {
    if (s.scope() == Scope.DASHBOARD) {
      return new long[] {totals.get(s)};
    }
    Map<String, Long> m = cells.get(s);
    long[] out = new long[cellIds.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = m.getOrDefault(cellIds.get(i), 0L);
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
    cells.values().forEach(Map::clear);
    totals.replaceAll((k, v) -> 0L);
  }
}
