package io.lockerism.model;

/**
 * How the D columns of the feature matrix are laid out, and how they were filled.
 *
 * <p>Column layout (0-based):
 *
 * <pre>
 *   [0, termColumns)                         hashed TF-IDF terms (bio, video descriptions, hashtags)
 *   [termColumns, termColumns + nicheColumns) niche signals, one column per group of niche families
 *   followersColumn()                         log-bucketed follower count
 *   engagementColumn()                        average engagement rate bucket
 *   verifiedColumn()                          verified account
 * </pre>
 *
 * <p>The hash function name and extractor version are part of the layout because two snapshots with
 * the same D but a different hash or tokenizer put different things in the same columns.
 *
 * @param d total number of columns (16..128)
 * @param termColumns number of hashed term columns
 * @param nicheColumns number of niche signal columns
 * @param hashName the term hash, e.g. {@code "fnv1a64"}
 * @param extractorVersion version of the tokenizer, weighting and bucketing rules
 */
public record FeatureLayout(
    int d, int termColumns, int nicheColumns, String hashName, int extractorVersion) {

  public static final int MIN_D = 16;
  public static final int MAX_D = 128;

  /** Followers, engagement and verified: the statistics columns after the niche columns. */
  public static final int STAT_COLUMNS = 3;

  public FeatureLayout {
    if (d < MIN_D || d > MAX_D) {
      throw new IllegalArgumentException("d must be in " + MIN_D + ".." + MAX_D + ", was " + d);
    }
    if (nicheColumns < 1 || termColumns < 1 || termColumns + nicheColumns + STAT_COLUMNS != d) {
      throw new IllegalArgumentException(
          "columns do not add up: terms "
              + termColumns
              + " + niches "
              + nicheColumns
              + " + stats "
              + STAT_COLUMNS
              + " != d "
              + d);
    }
    if (hashName == null || hashName.isEmpty()) {
      throw new IllegalArgumentException("hashName is required");
    }
    if (extractorVersion < 1) {
      throw new IllegalArgumentException("extractorVersion must be positive");
    }
  }

  /**
   * The layout {@link FeatureExtractor} uses for dimension d: a quarter of the columns (at most
   * {@link NicheCues#FAMILY_COUNT} niches + 3 stats) are signals, the rest are hashed terms, so
   * text dominates the dot product at every D.
   */
  public static FeatureLayout forDimension(int d) {
    if (d < MIN_D || d > MAX_D) {
      throw new IllegalArgumentException("d must be in " + MIN_D + ".." + MAX_D + ", was " + d);
    }
    int niches = Math.min(NicheCues.FAMILY_COUNT, d / 4 - STAT_COLUMNS);
    int terms = d - niches - STAT_COLUMNS;
    return new FeatureLayout(
        d, terms, niches, FeatureExtractor.HASH_NAME, FeatureExtractor.EXTRACTOR_VERSION);
  }

  public int signalColumns() {
    return d - termColumns;
  }

  public int firstNicheColumn() {
    return termColumns;
  }

  public int followersColumn() {
    return termColumns + nicheColumns;
  }

  public int engagementColumn() {
    return followersColumn() + 1;
  }

  public int verifiedColumn() {
    return followersColumn() + 2;
  }
}
