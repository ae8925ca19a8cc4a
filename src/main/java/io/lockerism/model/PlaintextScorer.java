package io.lockerism.model;

import java.util.Objects;
import java.util.Set;

/**
 * The model computed in the clear: interest u = Σ_{i∈L} M_i, scores s = M·u + w·b, and the feed.
 *
 * <p>This is the reference the HE evaluator and the circuit must agree with, so it uses exact
 * integer arithmetic only. Scores fit easily: see {@link ScoreBounds#maxScore(Snapshot)}.
 */
public final class PlaintextScorer {

  private PlaintextScorer() {}

  /**
   * The interest vector u = Σ_{i∈L} M_i of a like-set.
   *
   * @throws IllegalArgumentException if the set has more than {@link ScoreBounds#MAX_LIKES}
   *     profiles
   * @throws IndexOutOfBoundsException if a liked index is not in the snapshot
   */
  public static int[] interest(Snapshot snapshot, Set<Integer> liked) {
    requireLikeSet(snapshot, liked);
    int d = snapshot.d();
    byte[] matrix = snapshot.matrixArray();
    int[] u = new int[d];
    for (int i : liked) {
      int rowStart = i * d;
      for (int j = 0; j < d; j++) {
        u[j] += matrix[rowStart + j];
      }
    }
    return u;
  }

  /** s = M·u + w·b for every profile of the snapshot. */
  public static long[] scores(Snapshot snapshot, int[] u) {
    int d = snapshot.d();
    if (u.length != d) {
      throw new IllegalArgumentException("interest has " + u.length + " columns, expected " + d);
    }
    byte[] matrix = snapshot.matrixArray();
    byte[] prior = snapshot.priorArray();
    int weight = snapshot.weight();
    long[] scores = new long[snapshot.size()];
    for (int i = 0, rowStart = 0; i < scores.length; i++, rowStart += d) {
      scores[i] = dot(matrix, rowStart, u) + (long) weight * prior[i];
    }
    return scores;
  }

  /** Scores for a like-set: {@code scores(snapshot, interest(snapshot, liked))}. */
  public static long[] scores(Snapshot snapshot, Set<Integer> liked) {
    return scores(snapshot, interest(snapshot, liked));
  }

  /**
   * The feed: the k best-scoring profiles not in the like-set, best first, ties to the lower index.
   * An empty like-set gives the popularity feed (order of w·b).
   */
  public static int[] feed(Snapshot snapshot, Set<Integer> liked, int k) {
    return Ranking.top(scores(snapshot, liked), liked, k);
  }

  /** M_i·u. Long accumulation is not needed (max 15·1500·128 < 2^22) but costs nothing here. */
  static long dot(byte[] matrix, int rowStart, int[] u) {
    long sum = 0;
    for (int j = 0; j < u.length; j++) {
      sum += matrix[rowStart + j] * u[j];
    }
    return sum;
  }

  private static void requireLikeSet(Snapshot snapshot, Set<Integer> liked) {
    Objects.requireNonNull(liked, "liked");
    if (liked.size() > ScoreBounds.MAX_LIKES) {
      throw new IllegalArgumentException(
          liked.size() + " likes exceed the maximum of " + ScoreBounds.MAX_LIKES);
    }
    for (Integer i : liked) {
      Objects.checkIndex(i, snapshot.size());
    }
  }
}
