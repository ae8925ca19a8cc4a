package io.lockerism.model;

import io.lockerism.catalog.Profile;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Measures snapshot building and plaintext scoring; a benchmark, not a test. Run with {@code java
 * -cp target/classes:target/test-classes io.lockerism.model.ModelBenchmark}.
 */
public final class ModelBenchmark {

  private static final int CATALOG_PROFILES = 100_000;
  private static final int SCORED_PROFILES = 1_000_000;
  private static final int ROUNDS = 5;

  public static void main(String[] args) {
    benchmarkBuild();
    benchmarkScoring();
  }

  private static void benchmarkBuild() {
    List<Profile> catalog = TestCatalog.synthetic(CATALOG_PROFILES, 1);
    long chars = catalog.stream().mapToLong(ModelBenchmark::textLength).sum();
    for (int round = 0; round < ROUNDS; round++) {
      long start = System.nanoTime();
      long cpuStart = processCpuNanos();
      Snapshot snapshot = SnapshotBuilder.build(catalog, 64, 4, ProgressListener.NONE);
      System.out.printf(
          "build %,d profiles (%,d chars of text), D=64: %d ms wall, %d ms CPU," + " id %s%n",
          catalog.size(),
          chars,
          millisSince(start),
          (processCpuNanos() - cpuStart) / 1_000_000,
          snapshot.id().substring(0, 12));
    }
  }

  private static void benchmarkScoring() {
    Snapshot snapshot = randomSnapshot(SCORED_PROFILES, 64, 2);
    Set<Integer> liked = Set.copyOf(IntStream.range(0, ScoreBounds.MAX_LIKES).boxed().toList());
    for (int round = 0; round < ROUNDS; round++) {
      long start = System.nanoTime();
      long[] scores = PlaintextScorer.scores(snapshot, liked);
      long scored = millisSince(start);
      int[] feed = Ranking.top(scores, liked, 50);
      System.out.printf(
          "score %,d x 64 with %d likes: %d ms, top-50: %d ms total, best %d%n",
          snapshot.size(), liked.size(), scored, millisSince(start), feed[0]);
    }
  }

  private static Snapshot randomSnapshot(int n, int d, long seed) {
    Random random = new Random(seed);
    List<String> ids = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ids.add(String.format("p%07d", i));
    }
    byte[] matrix = new byte[n * d];
    for (int k = 0; k < matrix.length; k++) {
      matrix[k] = (byte) random.nextInt(16);
    }
    byte[] prior = new byte[n];
    for (int i = 0; i < n; i++) {
      prior[i] = (byte) random.nextInt(16);
    }
    List<String> labels = IntStream.range(0, d).mapToObj(j -> "column " + j).toList();
    return Snapshot.of(FeatureLayout.forDimension(d), 4, ids, matrix, prior, labels);
  }

  private static long textLength(Profile profile) {
    return profile.biography().length()
        + profile.topVideos().stream().mapToLong(v -> v.description().length()).sum();
  }

  /** CPU time of the whole process: the build runs on several threads. */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static long millisSince(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }
}
