package io.lockerism.catalog;

/**
 * SplitMix64, written out here rather than borrowed from {@code java.util}, so that generated
 * catalogs are byte-identical on every JVM version and platform (StrictMath for the same reason).
 */
final class SeededRandom {
  private long state;

  SeededRandom(long seed) {
    this.state = seed;
  }

  /** An independent stream for item {@code index} of the stream seeded with {@code seed}. */
  static SeededRandom forItem(long seed, long index) {
    return new SeededRandom(mix(seed ^ mix(index + 0x632BE59BD9B4E019L)));
  }

  long nextLong() {
    state += 0x9E3779B97F4A7C15L;
    return mix(state);
  }

  /** Uniform in [0, 1). */
  double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Uniform in [0, bound). */
  int nextInt(int bound) {
    return (int) Math.floorMod(nextLong(), (long) bound);
  }

  /** Uniform in [min, max]. */
  long between(long min, long max) {
    return min + Math.floorMod(nextLong(), max - min + 1);
  }

  boolean chance(double probability) {
    return nextDouble() < probability;
  }

  <T> T pick(java.util.List<T> items) {
    return items.get(nextInt(items.size()));
  }

  /** Standard normal, by Box-Muller. */
  double nextGaussian() {
    double u = 1.0 - nextDouble(); // (0, 1], so the log is finite
    double v = nextDouble();
    return StrictMath.sqrt(-2 * StrictMath.log(u)) * StrictMath.cos(2 * StrictMath.PI * v);
  }

  /** Log-normal with the given median: heavy-tailed, like follower counts. */
  double logNormal(double median, double sigma) {
    return median * StrictMath.exp(sigma * nextGaussian());
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
