package io.lockerism.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The OpenDP library through its C ABI: noise statistics, accounting, and robustness. */
class DpNoiseTest {

  private final DpNoise dp = DpNoise.load();

  @Test
  void reportsItsVersionAndOpenDp() {
    assertTrue(dp.version().contains("opendp 0.16.0"), dp.version());
  }

  /**
   * 50,000 draws at σ = 6 around 1,000: the sample mean has standard error σ/√n ≈ 0.027 and the
   * sample variance ≈ σ²·√(2/n) ≈ 0.23 (the noise is near-normal, kurtosis ≈ 3). Six standard
   * errors fail by chance with probability below 2e-9 each.
   */
  @Test
  void noiseIsUnbiasedAndItsSpreadMatchesTheScale() {
    double sigma = 6;
    int n = 50_000;
    long[] counts = new long[n];
    java.util.Arrays.fill(counts, 1_000);
    long[] noisy = dp.noisyCounts(sigma, counts);
    double mean = 0;
    for (long v : noisy) {
      mean += v;
    }
    mean /= n;
    double var = 0;
    for (long v : noisy) {
      var += (v - mean) * (v - mean);
    }
    var /= n - 1;
    double exactVar = exactVariance(sigma);
    assertTrue(Math.abs(mean - 1_000) < 6 * Math.sqrt(exactVar / n), "mean " + mean);
    assertTrue(
        Math.abs(var - exactVar) < 6 * exactVar * Math.sqrt(2.0 / n),
        "variance " + var + " vs " + exactVar);
  }

  @Test
  void noiseIsFreshOnEveryCallAndIntegral() {
    long[] a = dp.noisyCounts(50, new long[64]);
    long[] b = dp.noisyCounts(50, new long[64]);
    assertTrue(!java.util.Arrays.equals(a, b), "two draws of 64 values at σ = 50 differ");
  }

  @Test
  void privacyMapIsTheZcdpFormula() {
    // ρ = (Δ₂/σ)² / 2
    assertEquals(0.125, dp.rho(4, 2), 1e-12);
    assertEquals(0.075, dp.rho(Math.sqrt(30) / Math.sqrt(0.15), Math.sqrt(30)), 1e-9);
  }

  @Test
  void accuracyIsTheSmallestCoveringBound() {
    for (double sigma : new double[] {0.5, 1, 3.2, 8.2, 14.1, 35}) {
      long a = dp.accuracy(sigma, 0.05);
      double inside = mass(sigma, a - 1);
      assertTrue(inside >= 0.95, "P(|Z| ≤ a−1) ≥ 0.95 at σ " + sigma);
      assertTrue(a == 1 || mass(sigma, a - 2) < 0.95, "a − 1 is the smallest at σ " + sigma);
    }
  }

  @Test
  void badLengthsAndExtremeParametersAreClearErrors() {
    NativeEngineException shortOut =
        assertThrows(NativeEngineException.class, () -> dp.noisyCounts(1, new long[4], 4, 3));
    assertEquals(DpNoise.CODE_INVALID_ARGUMENT, shortOut.code());
    assertTrue(shortOut.getMessage().contains("output holds 3 counts, 4 needed"));
    for (double scale : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY, 1e-9, 1e300}) {
      NativeEngineException e =
          assertThrows(NativeEngineException.class, () -> dp.noisyCounts(scale, new long[] {1}));
      assertEquals(DpNoise.CODE_INVALID_ARGUMENT, e.code(), "scale " + scale);
      assertTrue(e.getMessage().contains("noise scale"), e.getMessage());
    }
    assertThrows(NativeEngineException.class, () -> dp.rho(1, -2));
    assertThrows(NativeEngineException.class, () -> dp.rho(1, Double.NaN));
    assertThrows(NativeEngineException.class, () -> dp.accuracy(1, 0));
    assertThrows(NativeEngineException.class, () -> dp.accuracy(1, 1.5));
    long[] extremes = dp.noisyCounts(3, new long[] {Long.MAX_VALUE, Long.MIN_VALUE});
    assertTrue(
        extremes[0] > Long.MAX_VALUE - 100 && extremes[1] < Long.MIN_VALUE + 100,
        "values saturate instead of wrapping");
  }

  @Test
  void aPanicInRustIsAnExceptionNotACrash() {
    NativeEngineException e = assertThrows(NativeEngineException.class, dp::triggerPanicForTest);
    assertEquals(DpNoise.CODE_PANIC, e.code());
    assertEquals(3, dp.noisyCounts(1, new long[3]).length, "the library still works after");
  }

  @Test
  void manyThreadsCanDrawAtOnce() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<long[]>> futures = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        futures.add(pool.submit(() -> dp.noisyCounts(2, new long[1_000])));
      }
      for (Future<long[]> f : futures) {
        assertEquals(1_000, f.get().length);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** P(|Z| ≤ t) for Z ~ N_Z(0, σ²), from its mass function. */
  static double mass(double sigma, long t) {
    double total = 0;
    double inside = 0;
    int r = (int) Math.ceil(14 * sigma) + 1;
    for (int x = -r; x <= r; x++) {
      double p = Math.exp(-(double) x * x / (2 * sigma * sigma));
      total += p;
      if (Math.abs(x) <= t) {
        inside += p;
      }
    }
    return inside / total;
  }

  static double exactVariance(double sigma) {
    double total = 0;
    double second = 0;
    int r = (int) Math.ceil(14 * sigma) + 1;
    for (int x = -r; x <= r; x++) {
      double p = Math.exp(-(double) x * x / (2 * sigma * sigma));
      total += p;
      second += p * x * x;
    }
    return second / total;
  }
}
