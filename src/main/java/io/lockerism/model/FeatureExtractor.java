package io.lockerism.model;

import io.lockerism.catalog.Profile;
import io.lockerism.catalog.TopVideo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Turns a catalog (in snapshot order) into the feature matrix M: N × D values in 0..15.
 *
 * <p>Columns follow {@link FeatureLayout}:
 *
 * <ul>
 *   <li><b>Hashed terms</b> (first termColumns columns). Terms of the bio, the top videos'
 *       descriptions and their hashtags (see {@link Tokenizer}); a hashtag counts {@link
 *       #HASHTAG_WEIGHT} times. Term t of a profile adds (1 + ln tf) · idf(t) to column termHash(t)
 *       mod termColumns (unsigned, see {@link Fnv1a64}). idf(t) = 1 + ln((1 + N) / (1 + df(t))),
 *       with df estimated by a fixed-size sketch ({@link DocumentFrequencies}) so memory does not
 *       grow with the vocabulary. Each row is then scaled so its largest term column is 15 and
 *       rounded half-even. Hashed columns are labelled with their 3 highest-df terms.
 *   <li><b>Niche signals</b>: per niche column, h = weighted cue hits (hashtag 2, word 1) of the
 *       families folded into it, value round(15·h / (h + 3)): 1 hit → 4, 3 → 8, saturating at 15.
 *   <li><b>Followers, engagement</b>: the 0..15 buckets of {@link StatBuckets}, halved to 0..7, and
 *       <b>verified</b>: 7 or 0. Kept at half scale so that shared topics outweigh a shared
 *       audience size in M·u.
 * </ul>
 *
 * <p>Deterministic: document frequencies are integer sums and labels a max-reduction, both
 * independent of thread scheduling; floating point is only used within a row, in a fixed order
 * (terms in order of first appearance, StrictMath logarithms), so the same catalog gives the same
 * bytes on every JVM. Memory: the N·D output, the 16 MiB df sketch and per-chunk label candidates
 * (O(D) each).
 */
public final class FeatureExtractor {

  /** Name of the term hash, recorded in every snapshot. */
  public static final String HASH_NAME = Fnv1a64.NAME;

  /** Version of the tokenizing, weighting and bucketing rules; bump when any of them changes. */
  public static final int EXTRACTOR_VERSION = 1;

  /** A hashtag counts as this many occurrences: creators pick hashtags to name their topic. */
  public static final int HASHTAG_WEIGHT = 3;

  /** Rows per parallel work unit. */
  private static final int CHUNK_ROWS = 512;

  static final int STAT_SCALE_DIVISOR = 2;
  static final int VERIFIED_VALUE = 7;
  private static final int NICHE_HASHTAG_HITS = 2;

  private final FeatureLayout layout;

  /** The result: M row-major (N·D bytes) and one human-readable label per column. */
  public record Features(FeatureLayout layout, byte[] matrix, List<String> labels) {}

  public FeatureExtractor(int d) {
    this.layout = FeatureLayout.forDimension(d);
  }

  public FeatureLayout layout() {
    return layout;
  }

  /**
   * Extracts M for the profiles in the given (snapshot) order, reporting progress 0..1. Rows are
   * processed in parallel chunks on the common fork-join pool; the result does not depend on how
   * the chunks were scheduled.
   */
  public Features extract(List<Profile> profiles, ProgressListener progress) {
    int n = profiles.size();
    ProgressTracker tracker = new ProgressTracker(progress, 2L * n);
    DocumentFrequencies df = new DocumentFrequencies();
    inParallelChunks(n, i -> countDocumentTerms(profiles.get(i), df, tracker));
    byte[] matrix = new byte[Math.multiplyExact(n, layout.d())];
    ColumnLabels labels =
        IntStream.range(0, chunkCount(n))
            .parallel()
            .mapToObj(chunk -> writeRows(profiles, chunk, df, n, matrix, tracker))
            .reduce(ColumnLabels::merge)
            .orElseGet(() -> new ColumnLabels(layout.termColumns()));
    tracker.finish();
    return new Features(layout, matrix, labels(labels));
  }

  /** First pass: each distinct term of a profile counts once towards its document frequency. */
  private static void countDocumentTerms(
      Profile profile, DocumentFrequencies df, ProgressTracker tracker) {
    for (String term : termCounts(profile).keySet()) {
      df.add(Fnv1a64.termHash(term));
    }
    tracker.step();
  }

  /** Second pass over one chunk of rows; returns the chunk's candidate column labels. */
  private ColumnLabels writeRows(
      List<Profile> profiles,
      int chunk,
      DocumentFrequencies df,
      int n,
      byte[] matrix,
      ProgressTracker tracker) {
    ColumnLabels labels = new ColumnLabels(layout.termColumns());
    int end = Math.min(n, (chunk + 1) * CHUNK_ROWS);
    for (int i = chunk * CHUNK_ROWS; i < end; i++) {
      writeRow(profiles.get(i), df, n, labels, matrix, i * layout.d());
      tracker.step();
    }
    return labels;
  }

  /** One row of M: term weights quantized by the row maximum, then the signal columns. */
  private void writeRow(
      Profile profile,
      DocumentFrequencies df,
      int n,
      ColumnLabels labels,
      byte[] matrix,
      int rowStart) {
    Map<String, Integer> terms = termCounts(profile);
    double[] weights = new double[layout.termColumns()];
    int[] nicheHits = new int[layout.nicheColumns()];
    for (Map.Entry<String, Integer> entry : terms.entrySet()) {
      String term = entry.getKey();
      long hash = Fnv1a64.termHash(term);
      int column = termColumn(hash);
      int documents = df.get(hash);
      weights[column] += (1.0 + StrictMath.log(entry.getValue())) * idf(documents, n);
      labels.offer(column, term, documents);
      countNicheHits(term, entry.getValue(), nicheHits);
    }
    quantizeByRowMax(weights, matrix, rowStart);
    writeSignals(profile, nicheHits, matrix, rowStart);
  }

  /** Smoothed inverse document frequency: 1 + ln((1 + N) / (1 + df)). */
  private static double idf(int documents, int n) {
    return 1.0 + StrictMath.log((1.0 + n) / (1.0 + documents));
  }

  private static void inParallelChunks(int n, IntConsumer row) {
    IntStream.range(0, chunkCount(n))
        .parallel()
        .forEach(
            chunk -> {
              int end = Math.min(n, (chunk + 1) * CHUNK_ROWS);
              for (int i = chunk * CHUNK_ROWS; i < end; i++) {
                row.accept(i);
              }
            });
  }

  private static int chunkCount(int n) {
    return (n + CHUNK_ROWS - 1) / CHUNK_ROWS;
  }

  private void countNicheHits(String term, int weightedCount, int[] nicheHits) {
    boolean hashtag = term.charAt(0) == '#';
    // weightedCount already includes HASHTAG_WEIGHT; niches use their own, smaller hashtag bonus.
    int occurrences = hashtag ? weightedCount / HASHTAG_WEIGHT : weightedCount;
    int hits = occurrences * (hashtag ? NICHE_HASHTAG_HITS : 1);
    int families = NicheCues.matchFamilies(term, hashtag);
    while (families != 0) {
      int family = Integer.numberOfTrailingZeros(families);
      nicheHits[family % layout.nicheColumns()] += hits;
      families &= families - 1;
    }
  }

  private static void quantizeByRowMax(double[] weights, byte[] matrix, int rowStart) {
    double max = 0;
    for (double w : weights) {
      max = Math.max(max, w);
    }
    if (max <= 0) {
      return; // no terms: the term columns stay 0
    }
    for (int c = 0; c < weights.length; c++) {
      matrix[rowStart + c] = (byte) StrictMath.rint(weights[c] / max * ScoreBounds.MAX_FEATURE);
    }
  }

  private void writeSignals(Profile profile, int[] nicheHits, byte[] matrix, int rowStart) {
    for (int c = 0; c < nicheHits.length; c++) {
      int h = nicheHits[c];
      // round(15h / (h + 3)) in integers
      matrix[rowStart + layout.firstNicheColumn() + c] = (byte) ((30 * h + h + 3) / (2 * (h + 3)));
    }
    matrix[rowStart + layout.followersColumn()] =
        (byte) (StatBuckets.followers(profile) / STAT_SCALE_DIVISOR);
    matrix[rowStart + layout.engagementColumn()] =
        (byte) (StatBuckets.engagement(profile) / STAT_SCALE_DIVISOR);
    matrix[rowStart + layout.verifiedColumn()] = (byte) (profile.verified() ? VERIFIED_VALUE : 0);
  }

  /** Weighted term counts of a profile, in order of first appearance. */
  static Map<String, Integer> termCounts(Profile profile) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    Tokenizer.TermSink sink =
        (term, hashtag) -> counts.merge(term, hashtag ? HASHTAG_WEIGHT : 1, Integer::sum);
    Tokenizer.tokenize(profile.biography(), sink);
    for (TopVideo video : profile.topVideos()) {
      Tokenizer.tokenize(video.description(), sink);
    }
    return counts;
  }

  private int termColumn(long hash) {
    return (int) Long.remainderUnsigned(hash, layout.termColumns());
  }

  private List<String> labels(ColumnLabels columnLabels) {
    List<String> labels = new ArrayList<>(layout.d());
    for (int c = 0; c < layout.termColumns(); c++) {
      List<String> top = columnLabels.terms(c);
      labels.add(top.isEmpty() ? "term bucket " + c : "terms: " + String.join(", ", top));
    }
    for (int c = 0; c < layout.nicheColumns(); c++) {
      labels.add(NicheCues.columnLabel(c, layout.nicheColumns()));
    }
    labels.add("followers bucket");
    labels.add("engagement bucket");
    labels.add("verified");
    return labels;
  }
}
