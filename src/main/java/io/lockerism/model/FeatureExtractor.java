package io.lockerism.model;

import io.lockerism.catalog.Profile;
import io.lockerism.catalog.TopVideo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a catalog (in snapshot order) into the feature matrix M: N × D values in 0..15.
 *
 * <p>Columns follow {@link FeatureLayout}:
 *
 * <ul>
 *   <li><b>Hashed terms</b> (first termColumns columns). Terms of the bio, the top videos'
 *       descriptions and their hashtags (see {@link Tokenizer}); a hashtag counts
 *       {@link #HASHTAG_WEIGHT} times. Term t of a profile adds (1 + ln tf) · idf(t) to column
 *       fnv1a64(t) mod termColumns. idf(t) = 1 + ln((1 + N) / (1 + df(t))), with df counted per
 *       term in a table of 2^{@value #DF_TABLE_BITS} hash buckets so memory does not grow with
 *       the vocabulary. Each row is then scaled so its largest term column is 15 and rounded.
 *   <li><b>Niche signals</b>: per niche column, h = weighted cue hits (hashtag 2, word 1) of the
 *       families folded into it, value round(15·h / (h + 3)): 1 hit → 4, 3 → 8, saturating at 15.
 *   <li><b>Followers, engagement</b>: the 0..15 buckets of {@link StatBuckets}, halved to 0..7,
 *       and <b>verified</b>: 7 or 0. Kept at half scale so that shared topics outweigh a shared
 *       audience size in M·u.
 * </ul>
 *
 * <p>Deterministic: floating point is only used per row, in a fixed order (terms in order of first
 * appearance, StrictMath logarithms), so the same catalog gives the same bytes on every JVM.
 * Memory: the N·D output, the df table and D small label counters.
 */
public final class FeatureExtractor {

  /** Name of the term hash, recorded in every snapshot. */
  public static final String HASH_NAME = Fnv1a64.NAME;

  /** Version of the tokenizing, weighting and bucketing rules; bump when any of them changes. */
  public static final int EXTRACTOR_VERSION = 1;

  /** A hashtag counts as this many occurrences: creators pick hashtags to name their topic. */
  public static final int HASHTAG_WEIGHT = 3;

  static final int DF_TABLE_BITS = 20;
  static final int STAT_SCALE_DIVISOR = 2;
  static final int VERIFIED_VALUE = 7;
  private static final int LABEL_TERMS = 3;
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

  /** Extracts M for the profiles in the given (snapshot) order, reporting progress 0..1. */
  public Features extract(List<Profile> profiles, ProgressListener progress) {
    int n = profiles.size();
    int[] documentFrequency = new int[1 << DF_TABLE_BITS];
    FrequentTerms[] columnTerms = newColumnTerms();
    for (int i = 0; i < n; i++) {
      countDocumentTerms(profiles.get(i), documentFrequency, columnTerms);
      reportEvery(progress, i, n, 0.0);
    }
    byte[] matrix = new byte[Math.multiplyExact(n, layout.d())];
    double[] idfByBucket = inverseDocumentFrequency(documentFrequency, n);
    for (int i = 0; i < n; i++) {
      writeRow(profiles.get(i), idfByBucket, matrix, i * layout.d());
      reportEvery(progress, i, n, 0.5);
    }
    if (n == 0) {
      progress.progress(1.0); // otherwise the last row reported 1.0
    }
    return new Features(layout, matrix, labels(columnTerms));
  }

  private FrequentTerms[] newColumnTerms() {
    FrequentTerms[] columnTerms = new FrequentTerms[layout.termColumns()];
    for (int c = 0; c < columnTerms.length; c++) {
      columnTerms[c] = new FrequentTerms();
    }
    return columnTerms;
  }

  /** First pass: each distinct term of a profile counts once towards df and its column label. */
  private void countDocumentTerms(Profile profile, int[] df, FrequentTerms[] columnTerms) {
    Map<String, Integer> terms = termCounts(profile);
    int[] buckets = new int[terms.size()];
    int k = 0;
    for (String term : terms.keySet()) {
      long hash = Fnv1a64.hash(term);
      buckets[k++] = dfBucket(hash);
      columnTerms[termColumn(hash)].add(term);
    }
    Arrays.sort(buckets);
    for (int j = 0; j < buckets.length; j++) {
      if (j == 0 || buckets[j] != buckets[j - 1]) {
        df[buckets[j]]++;
      }
    }
  }

  private static double[] inverseDocumentFrequency(int[] df, int n) {
    double[] idf = new double[df.length];
    for (int b = 0; b < df.length; b++) {
      idf[b] = 1.0 + StrictMath.log((1.0 + n) / (1.0 + df[b]));
    }
    return idf;
  }

  /** Second pass: one row of M. */
  private void writeRow(Profile profile, double[] idf, byte[] matrix, int rowStart) {
    Map<String, Integer> terms = termCounts(profile);
    double[] weights = new double[layout.termColumns()];
    int[] nicheHits = new int[layout.nicheColumns()];
    for (Map.Entry<String, Integer> entry : terms.entrySet()) {
      String term = entry.getKey();
      long hash = Fnv1a64.hash(term);
      weights[termColumn(hash)] += (1.0 + StrictMath.log(entry.getValue())) * idf[dfBucket(hash)];
      countNicheHits(term, entry.getValue(), nicheHits);
    }
    quantizeByRowMax(weights, matrix, rowStart);
    writeSignals(profile, nicheHits, matrix, rowStart);
  }

  private void countNicheHits(String term, int weightedCount, int[] nicheHits) {
    boolean hashtag = term.charAt(0) == '#';
    // weightedCount already includes HASHTAG_WEIGHT; niches use their own, smaller hashtag bonus.
    int occurrences = hashtag ? weightedCount / HASHTAG_WEIGHT : weightedCount;
    int hits = occurrences * (hashtag ? NICHE_HASHTAG_HITS : 1);
    NicheCues.matchFamilies(
        term, hashtag, family -> nicheHits[family % layout.nicheColumns()] += hits);
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

  /** The df table uses the hash's high bits; the column uses it modulo termColumns. */
  private static int dfBucket(long hash) {
    return (int) (hash >>> (64 - DF_TABLE_BITS));
  }

  private List<String> labels(FrequentTerms[] columnTerms) {
    List<String> labels = new ArrayList<>(layout.d());
    for (int c = 0; c < layout.termColumns(); c++) {
      List<String> top = columnTerms[c].top(LABEL_TERMS);
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

  /** Reports about every 1% of a pass; each pass is half of the extraction. */
  private static void reportEvery(ProgressListener progress, int i, int n, double passStart) {
    int step = Math.max(1, n / 100);
    if ((i + 1) % step == 0 || i + 1 == n) {
      progress.progress(passStart + 0.5 * (i + 1) / n);
    }
  }
}
