package io.lockerism.analytics;

import java.util.Arrays;
import java.util.List;

/**
 * The released statistics, each with its per-viewer contribution bound for one window. A viewer
 * adds at most {@code cellBound} to any one count of the series and at most {@code totalBound} to
 * all its counts together, so two data sets that differ by one viewer-day are at L2 distance at
 * most √(cellBound · totalBound) (since ‖x‖₂² ≤ ‖x‖∞ · ‖x‖₁).
 */
public enum Series {
  APPEARANCES(
      Scope.CREATORS,
      "appearances",
      "Feed appearances",
      "viewers who were shown this profile in a For-You feed (top 20)",
      1,
      30),
  TOP5(
      Scope.CREATORS,
      "top5",
      "Top-5 appearances",
      "viewers who were shown this profile in the top 5 of a feed",
      1,
      10),
  LIKES_RECEIVED(
      Scope.CREATORS, "likes", "Likes received", "viewers who liked this profile", 1, 10),
  UNLIKES_RECEIVED(
      Scope.CREATORS,
      "unlikes",
      "Unlikes received",
      "viewers who took back a like of this profile",
      1,
      10),
  FEEDS_SERVED(
      Scope.DASHBOARD,
      "feeds",
      "Feeds served",
      "For-You feeds served (at most 5 per viewer and {window})",
      5,
      5),
  ACTIVE_VIEWERS(
      Scope.DASHBOARD,
      "viewers",
      "Active viewers",
      "viewers who saw a feed, liked, unliked or proved",
      1,
      1),
  LIKES(
      Scope.DASHBOARD,
      "likes",
      "Likes",
      "likes given (at most 10 per viewer and {window})",
      10,
      10),
  PROOFS_MADE(
      Scope.DASHBOARD,
      "proofs",
      "Proofs made",
      "feed proofs made (at most 2 per viewer and {window})",
      2,
      2),
  PROOFS_PUBLISHED(
      Scope.DASHBOARD,
      "published",
      "Proofs published",
      "proofs recorded on the chain (at most 2 per wallet and {window})",
      2,
      2);

  private final Scope scope;
  private final String key;
  private final String title;
  private final String counts;
  private final int cellBound;
  private final int totalBound;

  Series(Scope scope, String key, String title, String counts, int cellBound, int totalBound) {
    this.scope = scope;
    this.key = key;
    this.title = title;
    this.counts = counts;
    this.cellBound = cellBound;
    this.totalBound = totalBound;
  }

  public Scope scope() {
    return scope;
  }

  /** Stable name in the database and the API, unique within the scope. */
  public String key() {
    return key;
  }

  public String title() {
    return title;
  }

  /**
   * What one unit of the count is, in plain words, for a window named {@code window} ("day",
   * "minute", "window of 2 h"): the bounds hold per window, whatever its length.
   */
  public String counts(String window) {
    return counts.replace("{window}", window);
  }

  /**
   * Whether the series is charged to each counted viewer's lifetime budget. Published proofs are
   * not: they count records that are public on the chain (bounded per wallet, which the ledger
   * follower sees instead of a viewer), so releasing their count tells nothing the chain does not.
   */
  public boolean chargedToViewers() {
    return this != PROOFS_PUBLISHED;
  }

  public int cellBound() {
    return cellBound;
  }

  public int totalBound() {
    return totalBound;
  }

  /** The L2 sensitivity of the whole series for one viewer-day. */
  public double l2Sensitivity() {
    return Math.sqrt((double) cellBound * totalBound);
  }

  /** Database name: unique across scopes. */
  public String storedName() {
    return scope.name().toLowerCase(java.util.Locale.ROOT) + "." + key;
  }

  public static List<Series> of(Scope scope) {
    return Arrays.stream(values()).filter(s -> s.scope == scope).toList();
  }
}
