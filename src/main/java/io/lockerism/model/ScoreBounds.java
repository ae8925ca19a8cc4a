package io.lockerism.model;

/**
 * The integer ranges of the model and the largest score they allow.
 *
 * <p>Scores are computed three ways: in plain Java, homomorphically under BGV, and inside the feed
 * circuit. The last two work modulo a plaintext modulus / field with range checks, so the largest
 * possible score must be known in advance and stay below them. Every value that enters a score is
 * bounded here:
 *
 * <ul>
 *   <li>feature values M[i][j] in 0..{@link #MAX_FEATURE};
 *   <li>like-sets of at most {@link #MAX_LIKES} profiles, so u[j] ≤ MAX_LIKES · MAX_FEATURE;
 *   <li>prior values b[i] in 0..{@link #MAX_PRIOR};
 *   <li>prior weight w in 1..{@link #MAX_WEIGHT}.
 * </ul>
 */
public final class ScoreBounds {

  /** Largest feature value: features are 4-bit so a row packs into D/2 bytes if ever needed. */
  public static final int MAX_FEATURE = 15;

  /**
   * Largest like-set a viewer may have. Bounds the interest vector (u[j] ≤ 1,500) and so the score,
   * which must stay below the BGV plaintext modulus and the circuit's range checks; the circuit
   * also has a fixed number of like slots. A viewer at the limit must unlike before liking again.
   */
  public static final int MAX_LIKES = 100;

  /** Largest popularity prior value b[i]. */
  public static final int MAX_PRIOR = 15;

  /** Largest prior weight w; weights are small positive integers. */
  public static final int MAX_WEIGHT = 255;

  private ScoreBounds() {}

  /**
   * The largest score s_i = M_i·u + w·b_i can reach: every feature at maxFeature in both the
   * profile row and all maxLikes liked rows, and the prior at its maximum.
   *
   * @return maxFeature² · d · maxLikes + weight · maxPrior
   */
  public static long maxScore(int d, int maxFeature, int maxLikes, int weight, int maxPrior) {
    requireNonNegative("d", d);
    requireNonNegative("maxFeature", maxFeature);
    requireNonNegative("maxLikes", maxLikes);
    requireNonNegative("weight", weight);
    requireNonNegative("maxPrior", maxPrior);
    long dot = Math.multiplyExact(Math.multiplyExact((long) maxFeature * maxFeature, d), maxLikes);
    return Math.addExact(dot, (long) weight * maxPrior);
  }

  /** The largest score for a model of dimension d and prior weight w at the standard limits. */
  public static long maxScore(int d, int weight) {
    return maxScore(d, MAX_FEATURE, MAX_LIKES, weight, MAX_PRIOR);
  }

  /** The largest score any viewer can get from this snapshot at the standard limits. */
  public static long maxScore(Snapshot snapshot) {
    return maxScore(snapshot.d(), snapshot.weight());
  }

  private static void requireNonNegative(String name, int value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must be non-negative, was " + value);
    }
  }
}
