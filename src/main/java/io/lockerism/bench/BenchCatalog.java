package io.lockerism.bench;

import io.lockerism.catalog.CatalogFileException;
import io.lockerism.catalog.Profile;
import io.lockerism.catalog.ProfileCsvReader;
import io.lockerism.catalog.SampleCatalogGenerator;
import io.lockerism.model.ProgressListener;
import io.lockerism.model.Snapshot;
import io.lockerism.model.SnapshotBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** The catalog a benchmark runs on, and how it was made. */
record BenchCatalog(Snapshot snapshot, String description, double nonZeroShare) {

  /** Largest catalog generated profile by profile; beyond it the matrix is sampled. */
  static final int MAX_GENERATED = 100_000;

  /** Profiles generated to learn the real matrix's per-column value distribution. */
  static final int SPARSITY_SAMPLE = 10_000;

  static BenchCatalog create(int profiles, int d, long seed) {
    long start = System.nanoTime();
    if (profiles <= MAX_GENERATED) {
      Snapshot s = generated(profiles, d, seed);
      return new BenchCatalog(
          s,
          String.format(
              "%,d profiles from SampleCatalogGenerator (seed %d)"
                  + " via a temporary CSV read with ProfileCsvReader, snapshot built with SnapshotBuilder"
                  + " at D = %d in %s",
              profiles, seed, d, Bench.ms(System.nanoTime() - start)),
          nonZeroShare(s));
    }
    Snapshot sample = generated(SPARSITY_SAMPLE, d, seed);
    Snapshot s = sampled(sample, profiles, seed);
    return new BenchCatalog(
        s,
        String.format(
            "%,d profiles SAMPLED at random (not generated: that"
                + " would be GBs of CSV): each column's values drawn from that column's distribution in a"
                + " %,d-profile generated catalog at D = %d (same sparsity, %.1f%% non-zero there), priors"
                + " likewise; made in %s",
            profiles,
            SPARSITY_SAMPLE,
            d,
            100 * nonZeroShare(sample),
            Bench.ms(System.nanoTime() - start)),
        nonZeroShare(s));
  }

  private static Snapshot generated(int profiles, int d, long seed) {
    try {
      Path csv = Files.createTempFile("lockerism-bench-", ".csv");
      try {
        try (Writer w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
          SampleCatalogGenerator.write(seed, profiles, w);
        }
        List<Profile> list = new ArrayList<>(profiles);
        ProfileCsvReader.read(csv, list::add);
        return SnapshotBuilder.build(
            list, d, SnapshotBuilder.DEFAULT_WEIGHT, ProgressListener.NONE);
      } finally {
        Files.deleteIfExists(csv);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (CatalogFileException e) {
      throw new IllegalStateException("the generator wrote a file the reader rejects", e);
    }
  }

  /** A random snapshot whose columns and priors follow {@code model}'s value distributions. */
  private static Snapshot sampled(Snapshot model, int profiles, long seed) {
    int d = model.d();
    int[][] cumulative = new int[d][16];
    int[] priorCumulative = new int[16];
    for (int i = 0; i < model.size(); i++) {
      for (int j = 0; j < d; j++) {
        cumulative[j][model.feature(i, j)]++;
      }
      priorCumulative[model.prior(i)]++;
    }
    for (int v = 1; v < 16; v++) {
      for (int j = 0; j < d; j++) {
        cumulative[j][v] += cumulative[j][v - 1];
      }
      priorCumulative[v] += priorCumulative[v - 1];
    }
    SplittableRandom rng = new SplittableRandom(seed);
    byte[] matrix = new byte[Math.multiplyExact(profiles, d)];
    byte[] prior = new byte[profiles];
    int total = model.size();
    for (int i = 0, k = 0; i < profiles; i++) {
      for (int j = 0; j < d; j++, k++) {
        matrix[k] = (byte) draw(cumulative[j], rng.nextInt(total));
      }
      prior[i] = (byte) draw(priorCumulative, rng.nextInt(total));
    }
    List<String> ids = new ArrayList<>(profiles);
    for (int i = 0; i < profiles; i++) {
      ids.add(String.format("bench%08d", i));
    }
    return Snapshot.of(model.layout(), model.weight(), ids, matrix, prior, model.labels());
  }

  private static int draw(int[] cumulative, int r) {
    int v = 0;
    while (cumulative[v] <= r) {
      v++;
    }
    return v;
  }

  private static double nonZeroShare(Snapshot s) {
    var m = s.matrix();
    long nonZero = 0;
    for (int k = 0; k < m.limit(); k++) {
      if (m.get(k) != 0) {
        nonZero++;
      }
    }
    return m.limit() == 0 ? 0 : (double) nonZero / m.limit();
  }
}
