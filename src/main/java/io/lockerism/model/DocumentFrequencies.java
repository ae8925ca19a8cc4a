package io.lockerism.model;

import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Approximate document frequencies of terms in fixed memory: a count-min sketch of depth 2.
 *
 * <p>An exact vocabulary would grow with the catalog's text; the sketch is 2 × 2^21 counters (16
 * MiB) whatever the catalog. Each term is counted in two tables at positions taken from disjoint
 * bits of its 64-bit hash, and its frequency is the smaller count, so a term is only overestimated
 * when it collides in both tables. Counts are sums, so they do not depend on the order or the
 * threads that added them.
 */
final class DocumentFrequencies {

  static final int TABLE_BITS = 21;

  private final AtomicIntegerArray first = new AtomicIntegerArray(1 << TABLE_BITS);
  private final AtomicIntegerArray second = new AtomicIntegerArray(1 << TABLE_BITS);

  /** Counts one document containing the term with this hash (call once per distinct term). */
  void add(long termHash) {
    first.incrementAndGet(firstSlot(termHash));
    second.incrementAndGet(secondSlot(termHash));
  }

  /** The number of documents containing the term (never less than the truth). */
  int get(long termHash) {
    return Math.min(first.get(firstSlot(termHash)), second.get(secondSlot(termHash)));
  }

  /** Bits 63..43 of the hash. */
  private static int firstSlot(long hash) {
    return (int) (hash >>> (64 - TABLE_BITS));
  }

  /** Bits 42..22 of the hash. */
  private static int secondSlot(long hash) {
    return (int) (hash >>> (64 - 2 * TABLE_BITS)) & ((1 << TABLE_BITS) - 1);
  }
}
