package io.lockerism.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Top-k with the feed's tie rule: higher score first, equal scores by lower index. The feed (block
 * by block, as decrypted scores arrive), the plaintext reference model and the bench all rank with
 * this class; the circuit proves exactly this order, so it must be total and must not depend on how
 * the selection is implemented.
 *
 * <p>Keeps the k best (score, index) pairs offered so far in a bounded heap: O(k) memory however
 * many scores are offered.
 */
public final class Ranking {

  private final Set<Integer> excluded;
  private final int[] indices;
  private final long[] scores;
  private int size;

  /**
   * An empty ranking that keeps the k best of what is offered.
   *
   * @param excluded indices never ranked (the viewer's likes)
   */
  public Ranking(int k, Set<Integer> excluded) {
    if (k < 0) {
      throw new IllegalArgumentException("k must be non-negative, was " + k);
    }
    this.excluded = Objects.requireNonNull(excluded, "excluded");
    this.indices = new int[k];
    this.scores = new long[k];
  }

  /**
   * The indices of the k highest scores among those not excluded, best first. Returns every
   * remaining index (ranked) when fewer than k remain.
   *
   * @param excluded indices to skip (the viewer's likes); each must be a valid index
   */
  public static int[] top(long[] scores, Set<Integer> excluded, int k) {
    Objects.requireNonNull(scores, "scores");
    if (k < 0) {
      throw new IllegalArgumentException("k must be non-negative, was " + k);
    }
    for (Integer index : excluded) {
      Objects.checkIndex(index, scores.length);
    }
    Ranking ranking = new Ranking(Math.min(k, scores.length), excluded);
    ranking.offer(0, scores);
    return ranking.ranked().stream().mapToInt(Ranked::index).toArray();
  }

  /** True when (scoreA, a) ranks before (scoreB, b). */
  public static boolean ranksBefore(long scoreA, int a, long scoreB, int b) {
    return scoreA > scoreB || (scoreA == scoreB && a < b);
  }

  /** Offers the scores of consecutive indices {@code firstIndex, firstIndex + 1, …}. */
  public void offer(int firstIndex, long[] blockScores) {
    for (int r = 0; r < blockScores.length; r++) {
      int index = firstIndex + r;
      if (!excluded.contains(index)) {
        offer(index, blockScores[r]);
      }
    }
  }

  /** The kept pairs, best first. */
  public List<Ranked> ranked() {
    List<Ranked> out = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      out.add(new Ranked(indices[i], scores[i]));
    }
    out.sort(
        (x, y) ->
            ranksBefore(x.score(), x.index(), y.score(), y.index()) ? -1 : x.equals(y) ? 0 : 1);
    return out;
  }

  private void offer(int index, long score) {
    if (size < indices.length) {
      indices[size] = index;
      scores[size] = score;
      siftUp(size++);
    } else if (size > 0 && ranksBefore(score, index, scores[0], indices[0])) {
      indices[0] = index;
      scores[0] = score;
      siftDown(0);
    }
  }

  /** Heap order: the root is the worst pair kept, so a parent ranks after its children. */
  private boolean worse(int a, int b) {
    return ranksBefore(scores[b], indices[b], scores[a], indices[a]);
  }

  private void siftUp(int pos) {
    while (pos > 0) {
      int parent = (pos - 1) / 2;
      if (!worse(pos, parent)) {
        return;
      }
      swap(pos, parent);
      pos = parent;
    }
  }

  private void siftDown(int pos) {
    while (true) {
      int worst = pos;
      int left = 2 * pos + 1;
      int right = left + 1;
      if (left < size && worse(left, worst)) {
        worst = left;
      }
      if (right < size && worse(right, worst)) {
        worst = right;
      }
      if (worst == pos) {
        return;
      }
      swap(pos, worst);
      pos = worst;
    }
  }

  private void swap(int a, int b) {
    int i = indices[a];
    indices[a] = indices[b];
    indices[b] = i;
    long s = scores[a];
    scores[a] = scores[b];
    scores[b] = s;
  }

  /** One ranked profile: its snapshot index and score. */
  public record Ranked(int index, long score) {}
}
