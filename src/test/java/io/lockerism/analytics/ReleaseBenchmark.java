package io.lockerism.analytics;

import io.lockerism.engine.DpNoise;
import io.lockerism.store.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Measures the end of a release window: OpenDP noise for every series and profile, and storing the
 * releases with their budget charges (H2 file database). A benchmark, not a test. Run with {@code
 * java -cp "target/classes:target/test-classes:$(cat target/cp.txt)"
 * io.lockerism.analytics.ReleaseBenchmark} after {@code mvn -o dependency:build-classpath
 * -Dmdep.outputFile=target/cp.txt}.
 */
public final class ReleaseBenchmark {

  private static final int ROUNDS = 5;

  public static void main(String[] args) throws Exception {
    DpNoise dp = DpNoise.load();
    for (int profiles : new int[] {1_000, 10_000, 100_000}) {
      noiseOnly(dp, profiles);
      wholeWindow(dp, profiles);
    }
  }

  private static void noiseOnly(DpNoise dp, int profiles) {
    double sigma = PrivacyPolicy.defaults().scale(Series.LIKES_RECEIVED);
    long[] counts = new long[profiles];
    long[] times = new long[ROUNDS];
    for (int r = 0; r < ROUNDS; r++) {
      long start = System.nanoTime();
      dp.noisyCounts(sigma, counts);
      times[r] = System.nanoTime() - start;
    }
    System.out.printf("noise for %,d counts: median %.1f ms%n", profiles, median(times) / 1e6);
  }

  private static void wholeWindow(DpNoise dp, int profiles) throws Exception {
    List<String> cells = new ArrayList<>();
    for (int i = 0; i < profiles; i++) {
      cells.add(String.format("%019d", 7_000_000_000_000_000_000L + i));
    }
    Path dir = Files.createTempDirectory("dp-bench");
    try (Database db = Database.open("jdbc:h2:file:" + dir.resolve("db"), "sa", "")) {
      ManualClock clock = new ManualClock(Instant.ofEpochSecond(1_700_000_000L));
      long[] times = new long[ROUNDS];
      try (AnalyticsService a =
          new AnalyticsService(
              db, dp, PrivacyPolicy.defaults(), Duration.ofSeconds(10), clock, () -> cells)) {
        for (int r = 0; r < ROUNDS; r++) {
          for (long v = 0; v < 1_000; v++) {
            int first = (int) (v % (profiles - 20));
            a.feedServed(v, cells.subList(first, first + 20));
            a.liked(v, cells.get((int) (v * 7 % profiles)));
          }
          clock.advance(Duration.ofSeconds(10));
          long start = System.nanoTime();
          a.tick();
          times[r] = System.nanoTime() - start;
        }
      }
      System.out.printf(
          "release of one window, 9 series over %,d profiles: median %.0f ms%n",
          profiles, median(times) / 1e6);
    }
  }

  private static double median(long[] v) {
    long[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }
}
