package io.lockerism.model;

import io.lockerism.catalog.Profile;
import java.util.ArrayList;
import java.util.List;

/** Builds a {@link Snapshot} from a catalog of profiles. */
public final class SnapshotBuilder {

  /** The default number of feature columns. */
  public static final int DEFAULT_D = 64;

  /** The default prior weight: a cold-start feed is popularity; one like outweighs it. */
  public static final int DEFAULT_WEIGHT = 4;

  /** Share of the progress bar spent on feature extraction; the rest is ordering and hashing. */
  private static final double EXTRACTION_START = 0.05;

  private static final double EXTRACTION_END = 0.95;

  private SnapshotBuilder() {}

  /** {@link #build(List, int, int, ProgressListener)} with D = 64, w = 4 and no progress. */
  public static Snapshot build(List<Profile> profiles) {
    return build(profiles, DEFAULT_D, DEFAULT_WEIGHT, ProgressListener.NONE);
  }

  /**
   * Builds the snapshot of a catalog. The profiles may come in any order (they are put in snapshot
   * order, by account id); the same profiles always give the same snapshot id.
   *
   * @param d number of feature columns, 16..128
   * @param weight prior weight w, 1..{@link ScoreBounds#MAX_WEIGHT}
   * @param progress told the fraction done, 0..1, ending with 1.0
   * @throws IllegalArgumentException if two profiles share an account id
   */
  public static Snapshot build(
      List<Profile> profiles, int d, int weight, ProgressListener progress) {
    FeatureExtractor extractor = new FeatureExtractor(d);
    progress.progress(0.0);
    List<Profile> ordered = inSnapshotOrder(profiles);
    progress.progress(EXTRACTION_START);
    FeatureExtractor.Features features = extractor.extract(ordered, scaled(progress));
    Snapshot snapshot =
        Snapshot.of(
            features.layout(),
            weight,
            ordered.stream().map(Profile::accountId).toList(),
            features.matrix(),
            priors(ordered),
            features.labels());
    snapshot.id(); // hash now, inside the progress bar, rather than on first use
    progress.progress(1.0);
    return snapshot;
  }

  static List<Profile> inSnapshotOrder(List<Profile> profiles) {
    List<Profile> ordered = new ArrayList<>(profiles);
    ordered.sort((a, b) -> Snapshot.ACCOUNT_ORDER.compare(a.accountId(), b.accountId()));
    for (int i = 1; i < ordered.size(); i++) {
      if (ordered.get(i - 1).accountId().equals(ordered.get(i).accountId())) {
        throw new IllegalArgumentException(
            "duplicate account id in catalog: " + ordered.get(i).accountId());
      }
    }
    return ordered;
  }

  private static byte[] priors(List<Profile> ordered) {
    byte[] prior = new byte[ordered.size()];
    for (int i = 0; i < prior.length; i++) {
      prior[i] = (byte) StatBuckets.prior(ordered.get(i));
    }
    return prior;
  }

  private static ProgressListener scaled(ProgressListener progress) {
    return fraction ->
        progress.progress(EXTRACTION_START + fraction * (EXTRACTION_END - EXTRACTION_START));
  }
}
