package io.lockerism.model;

import io.lockerism.catalog.Profile;

/**
 * Buckets profile statistics into 0..15.
 *
 * <p>Counts span many orders of magnitude, so they are bucketed by logarithm. StrictMath keeps the
 * buckets identical on every JVM and CPU, which the snapshot id depends on.
 */
final class StatBuckets {

  static final int MAX_BUCKET = 15;

  private StatBuckets() {}

  /** floor(2·log10(1 + followers)): 1k → 6, 100k → 10, 10M → 14, ≥ 31.6M → 15. */
  static int followers(Profile profile) {
    return logBucket(profile.followers(), 2.0);
  }

  /** floor(1.6·log10(1 + likes)): 1M → 9, 100M → 12, ≥ 2.4B → 15. */
  static int likes(Profile profile) {
    return logBucket(profile.likes(), 1.6);
  }

  /**
   * round(4·log2(1 + 100·rate)) for the average engagement rate, read as a fraction (0.03 = 3%): 1%
   * → 4, 3% → 8, 7% → 12, ≥ 14% → 15. Missing, negative or NaN rates are 0.
   */
  static int engagement(Profile profile) {
    Double rate = profile.avgEngagementRate();
    if (rate == null || !(rate > 0)) {
      return 0;
    }
    double bucket = 4.0 * StrictMath.log(1.0 + 100.0 * rate) / StrictMath.log(2.0);
    return clamp(StrictMath.rint(bucket));
  }

  /** Popularity prior b: the mean of the followers, likes and engagement buckets, rounded. */
  static int prior(Profile profile) {
    int sum = followers(profile) + likes(profile) + engagement(profile);
    return (sum + 1) / 3;
  }

  private static int logBucket(long count, double scale) {
    if (count <= 0) {
      return 0;
    }
    return clamp(StrictMath.floor(scale * StrictMath.log10(1.0 + count)));
  }

  private static int clamp(double bucket) {
    return (int) Math.max(0, Math.min(MAX_BUCKET, bucket));
  }
}
