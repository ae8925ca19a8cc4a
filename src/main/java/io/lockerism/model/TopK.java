package io.lockerism.model;

import java.util.Objects;
import java.util.Set;

/**
 * Top-k selection with the feed's tie rule: higher score first, equal scores by lower index.
 *
 * <p>The circuit proves exactly this order, so it must be total and must not depend on how the
 * selection is implemented.
 */
public final class TopK {

  private TopK() {}

  /**
   * The indices of the k highest scores among those not excluded, best first. Returns every
   * remaining index (ranked) when fewer than k remain.
   *
   * @param excluded indices to skip (the viewer's likes); each must be a valid index
   */
  public static int[] select(long[] scores, Set<Integer> excluded, int k) {
    Objects.requireNonNull(scores, "scores");
    if (k < 0) {
      throw new IllegalArgumentException("k must be non-negative, was " + k);
    }
    boolean[] skip = exclusionMask(scores.length, excluded);
    MinHeap heap = new MinHeap(scores, Math.min(k, scores.length));
    for (int i = 0; i < scores.length; i++) {
      if (!skip[i]) {
        heap.offer(i);
      }
    }
    return heap.drainBestFirst();
  }

  /** True when index a ranks before index b. */
  static boolean ranksBefore(long[] scores, int a, int b) {
    return scores[a] > scores[b] || (scores[a] == scores[b] && a < b);
  }

  private static boolean[] exclusionMask(int n, Set<Integer> excluded) {
    boolean[] skip = new boolean[n];
    for (Integer index : excluded) {
      Objects.checkIndex(index, n);
      skip[index] = true;
    }
    return skip;
  }

  /** A bounded heap of indices whose root is the worst-ranked one kept so far. */
  private static final class MinHeap {
    private final long[] scores;
    private final int[] heap;
    private int size;

    MinHeap(long[] scores, int capacity) {
      this.scores = scores;
      this.heap = new int[capacity];
    }

    void offer(int index) {
      if (size < heap.length) {
        heap[size] = index;
        siftUp(size++);
      } else if (size > 0 && ranksBefore(scores, index, heap[0])) {
        heap[0] = index;
        siftDown(0);
      }
    }

    int[] drainBestFirst() {
      int[] ranked = new int[size];
      for (int r = size - 1; r >= 0; r--) {
        ranked[r] = heap[0];
        heap[0] = heap[--size];
        siftDown(0);
      }
      return ranked;
    }

    /** Heap order: a parent ranks after (is worse than) its children. */
    private boolean worse(int a, int b) {
      return ranksBefore(scores, heap[b], heap[a]);
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
      int t = heap[a];
      heap[a] = heap[b];
      heap[b] = t;
    }
  }
}
