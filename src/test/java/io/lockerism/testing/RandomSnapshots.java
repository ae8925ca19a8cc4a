package io.lockerism.testing;

import io.lockerism.model.FeatureLayout;
import io.lockerism.model.ScoreBounds;
import io.lockerism.model.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Seeded random snapshots, for exactness tests over catalogs of any size. */
public final class RandomSnapshots {

  private RandomSnapshots() {}

  public static Snapshot random(long seed, int profiles, int d, int weight) {
    Random rng = new Random(seed);
    byte[] matrix = new byte[profiles * d];
    for (int i = 0; i < matrix.length; i++) {
      // mostly zero, like hashed term features
      matrix[i] = (byte) (rng.nextInt(4) == 0 ? rng.nextInt(ScoreBounds.MAX_FEATURE + 1) : 0);
    }
    byte[] prior = new byte[profiles];
    for (int i = 0; i < profiles; i++) {
      prior[i] = (byte) rng.nextInt(ScoreBounds.MAX_PRIOR + 1);
    }
    return Snapshot.of(
        FeatureLayout.forDimension(d), weight, ids(profiles), matrix, prior, labels(d));
  }

  /** Every feature and prior at its maximum: the largest scores the bounds allow. */
  public static Snapshot saturated(int profiles, int d, int weight) {
    byte[] matrix = new byte[profiles * d];
    java.util.Arrays.fill(matrix, (byte) ScoreBounds.MAX_FEATURE);
    byte[] prior = new byte[profiles];
    java.util.Arrays.fill(prior, (byte) ScoreBounds.MAX_PRIOR);
    return Snapshot.of(
        FeatureLayout.forDimension(d), weight, ids(profiles), matrix, prior, labels(d));
  }

  public static List<String> ids(int profiles) {
    List<String> ids = new ArrayList<>(profiles);
    for (int i = 0; i < profiles; i++) {
      ids.add(String.format("acct%07d", i));
    }
    return ids;
  }

  private static List<String> labels(int d) {
    List<String> labels = new ArrayList<>(d);
    for (int j = 0; j < d; j++) {
      labels.add("feature " + j);
    }
    return labels;
  }
}
