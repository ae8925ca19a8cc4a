package io.lockerism.analytics;

import io.lockerism.engine.DpNoise;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Confidence intervals of released values, from the noise's exact distribution. One release is the
 * true count plus one discrete Gaussian N_Z(0, σ²): OpenDP gives its accuracy. A value summed from
 * several instances' partials carries the sum of their noises, whose mass function is the
 * convolution of theirs, computed here exactly (to double precision) from p(x) ∝ exp(−x² / 2σ²).
 */
final class NoiseIntervals {

  /** The confidence level of every interval shown. */
  static final double LEVEL = 0.95;

  /** Mass of a discrete Gaussian beyond 14σ is below 1e-43: far under double precision. */
  private static final double TAIL_SIGMAS = 14;

  private final DpNoise noise;
  private final Map<List<Double>, Long> cache = new ConcurrentHashMap<>();

  NoiseIntervals(DpNoise noise) {
    this.noise = noise;
  }

  /**
   * The smallest t with P(|Z₁ + … + Z_m| ≤ t) ≥ {@link #LEVEL}, for independent Z_i ~ N_Z(0, σ_i²):
   * the true count lies in [value − t, value + t] with at least that probability.
   */
  long halfWidth(List<Double> scales) {
    if (scales.isEmpty()) {
      throw new IllegalArgumentException("no noise scales");
    }
    List<Double> key = scales.stream().sorted().toList();
    return cache.computeIfAbsent(
        key, k -> k.size() == 1 ? noise.accuracy(k.get(0), 1 - LEVEL) - 1 : halfWidthOfSum(k));
  }

  /** The same by convolution, for any number of scales (tests compare it with OpenDP's). */
  static long halfWidthOfSum(List<Double> scales) {
    double[] pmf = {1.0};
    for (double sigma : scales) {
      pmf = convolve(pmf, discreteGaussian(sigma));
    }
    int center = pmf.length / 2;
    double mass = pmf[center];
    int t = 0;
    while (mass < LEVEL && t < center) {
      t++;
      mass += pmf[center - t] + pmf[center + t];
    }
    return t;
  }

  /** p(x) for x in [−r, r], normalised over that range (the rest is below 1e-43). */
  static double[] discreteGaussian(double sigma) {
    int r = (int) Math.ceil(TAIL_SIGMAS * sigma) + 1;
    double[] p = new double[2 * r + 1];
    double sum = 0;
    for (int x = -r; x <= r; x++) {
      p[x + r] = Math.exp(-(double) x * x / (2 * sigma * sigma));
      sum += p[x + r];
    }
    for (int i = 0; i < p.length; i++) {
      p[i] /= sum;
    }
    return p;
  }

  /** The variance of N_Z(0, σ²), from its mass function (slightly below σ² for small σ). */
  static double variance(double sigma) {
    double[] p = discreteGaussian(sigma);
    int r = p.length / 2;
    double v = 0;
    for (int i = 0; i < p.length; i++) {
      v += p[i] * (double) (i - r) * (i - r);
    }
    return v;
  }

  private static double[] convolve(double[] a, double[] b) {
    double[] out = new double[a.length + b.length - 1];
    Arrays.fill(out, 0);
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < b.length; j++) {
        out[i + j] += a[i] * b[j];
      }
    }
    return out;
  }
}
