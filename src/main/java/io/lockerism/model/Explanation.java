package io.lockerism.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Why profile i scored what it did for a viewer: the feature columns that contributed most to
 * M_i·u, plus the popularity part w·b_i. Shown in the feed's "why" view, computed by the locker
 * from the decrypted interest vector during the viewer's session.
 *
 * @param profile index i in snapshot order
 * @param top the largest contributions, largest first (ties by lower column), none of them zero
 * @param interestScore M_i·u, the sum of all column contributions
 * @param popularityScore w·b_i
 * @param because the viewer's likes that drew this pick, largest share first: since u = Σ_{l∈L}
 *     M_l, M_i·u splits exactly into one share M_i·M_l per liked profile l
 */
public record Explanation(
    int profile,
    List<Contribution> top,
    long interestScore,
    long popularityScore,
    List<Because> because) {

  /**
   * One column's share of M_i·u.
   *
   * @param column feature column j
   * @param label what the column means, e.g. "terms: #fitness, gym, workout" or "followers bucket"
   * @param contribution M[i][j]·u[j]
   */
  public record Contribution(int column, String label, long contribution) {}

  /**
   * One liked profile's share of M_i·u.
   *
   * @param accountId the liked profile
   * @param contribution M_i·M_l
   */
  public record Because(String accountId, long contribution) {}

  private static final Comparator<Because> LARGEST_SHARE_FIRST =
      Comparator.comparingLong(Because::contribution).reversed();

  private static final Comparator<Contribution> LARGEST_FIRST =
      Comparator.comparingLong(Contribution::contribution)
          .reversed()
          .thenComparingInt(Contribution::column);

  public Explanation {
    top = List.copyOf(top);
    because = List.copyOf(because);
  }

  /** The total score s_i = M_i·u + w·b_i. */
  public long score() {
    return interestScore + popularityScore;
  }

  /**
   * Explains profile i's score for interest vector u, keeping the {@code limit} largest non-zero
   * column contributions (all of them when limit ≥ D).
   */
  public static Explanation of(Snapshot snapshot, int[] u, int profile, int limit) {
    Objects.checkIndex(profile, snapshot.size());
    if (u.length != snapshot.d()) {
      throw new IllegalArgumentException(
          "interest has " + u.length + " columns, expected " + snapshot.d());
    }
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be non-negative, was " + limit);
    }
    List<Contribution> all = contributions(snapshot, u, profile);
    long interestScore = all.stream().mapToLong(Contribution::contribution).sum();
    all.sort(LARGEST_FIRST);
    List<Contribution> top = all.subList(0, Math.min(limit, all.size()));
    long popularity = (long) snapshot.weight() * snapshot.prior(profile);
    return new Explanation(profile, top, interestScore, popularity, List.of());
  }

  /**
   * As {@link #of(Snapshot, int[], int, int)}, also naming up to {@code maxLikes} of the liked
   * profiles that drew the pick. They are named only when their shares add up to exactly the
   * interest score, i.e. when u is the sum of their rows, so a name is never a guess.
   */
  public static Explanation of(
      Snapshot snapshot, int[] u, int profile, int limit, Collection<Integer> liked, int maxLikes) {
    Explanation why = of(snapshot, u, profile, limit);
    List<Because> shares = new ArrayList<>();
    long sum = 0;
    for (int l : liked) {
      long share = dot(snapshot, profile, l);
      sum += share;
      if (share > 0) {
        shares.add(new Because(snapshot.accountId(l), share));
      }
    }
    if (sum != why.interestScore()) {
      return why;
    }
    shares.sort(LARGEST_SHARE_FIRST);
    List<Because> named = shares.subList(0, Math.min(Math.max(0, maxLikes), shares.size()));
    return new Explanation(profile, why.top(), why.interestScore(), why.popularityScore(), named);
  }

  /** M_i·M_l: how much liking profile l adds to profile i's score. */
  private static long dot(Snapshot snapshot, int i, int l) {
    long sum = 0;
    for (int j = 0; j < snapshot.d(); j++) {
      sum += (long) snapshot.feature(i, j) * snapshot.feature(l, j);
    }
    return sum;
  }

  private static List<Contribution> contributions(Snapshot snapshot, int[] u, int profile) {
    List<Contribution> contributions = new ArrayList<>();
    for (int j = 0; j < u.length; j++) {
      long contribution = (long) snapshot.feature(profile, j) * u[j];
      if (contribution != 0) {
        contributions.add(new Contribution(j, snapshot.label(j), contribution));
      }
    }
    return contributions;
  }
}
