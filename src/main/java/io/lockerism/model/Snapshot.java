package io.lockerism.model;

import io.lockerism.catalog.Profile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * An immutable model snapshot: the catalog order, feature matrix M, popularity prior b, prior
 * weight w, and how M was extracted.
 *
 * <p>Profiles are in <em>snapshot order</em>: account ids sorted by their UTF-8 bytes (unsigned),
 * which is the same as sorting by Unicode code points, so any implementation can rebuild the order
 * and the import order of the catalog does not matter. Index i of M, b and every like-set and feed
 * refers to this order.
 *
 * <p>A snapshot is identified by {@link #id()}, the SHA-256 of {@link #canonicalBytes()} (format
 * described in {@link SnapshotEncoding}). Everything that influences a score is covered by it.
 */
public final class Snapshot {

  /** Snapshot order: account ids compared by code point, i.e. by their UTF-8 bytes. */
  public static final Comparator<String> ACCOUNT_ORDER = Snapshot::compareCodePoints;

  private final FeatureLayout layout;
  private final int weight;
  private final List<String> accountIds;
  private final byte[] matrix;
  private final byte[] prior;
  private final List<String> labels;
  private volatile String id;

  private Snapshot(
      FeatureLayout layout,
      int weight,
      List<String> accountIds,
      byte[] matrix,
      byte[] prior,
      List<String> labels) {
    this.layout = layout;
    this.weight = weight;
    this.accountIds = accountIds;
    this.matrix = matrix;
    this.prior = prior;
    this.labels = labels;
  }

  /**
   * Builds a snapshot from its parts, copying them. Rejects anything that could not have come from
   * a valid model: ids not strictly in snapshot order, values out of range, wrong lengths.
   *
   * @param matrix M row-major, N·D bytes, each 0..{@link ScoreBounds#MAX_FEATURE}
   * @param prior b, N bytes, each 0..{@link ScoreBounds#MAX_PRIOR}
   * @param labels one human-readable label per column
   */
  public static Snapshot of(
      FeatureLayout layout,
      int weight,
      List<String> accountIds,
      byte[] matrix,
      byte[] prior,
      List<String> labels) {
    List<String> ids = List.copyOf(accountIds);
    requireWeight(weight);
    requireSnapshotOrder(ids);
    requireWellFormed("accountIds", ids);
    requireWellFormed("labels", labels);
    int n = ids.size();
    requireLength("matrix", matrix.length, (long) n * layout.d());
    requireLength("prior", prior.length, n);
    requireLength("labels", labels.size(), layout.d());
    requireRange("matrix", matrix, ScoreBounds.MAX_FEATURE);
    requireRange("prior", prior, ScoreBounds.MAX_PRIOR);
    return new Snapshot(layout, weight, ids, matrix.clone(), prior.clone(), List.copyOf(labels));
  }

  /** Parses {@link #canonicalBytes()}; throws {@link MalformedSnapshotException} if invalid. */
  public static Snapshot fromCanonicalBytes(byte[] bytes) {
    return SnapshotEncoding.decode(bytes);
  }

  /** The canonical, versioned binary encoding (see {@link SnapshotEncoding}); a fresh copy. */
  public byte[] canonicalBytes() {
    return SnapshotEncoding.encode(this);
  }

  /** Lowercase hex SHA-256 of the canonical bytes. */
  public String id() {
    String cached = id;
    if (cached == null) {
      cached = HexFormat.of().formatHex(sha256(canonicalBytes()));
      id = cached;
    }
    return cached;
  }

  public FeatureLayout layout() {
    return layout;
  }

  /** Number of feature columns D. */
  public int d() {
    return layout.d();
  }

  /** Prior weight w. */
  public int weight() {
    return weight;
  }

  /** Number of profiles N. */
  public int size() {
    return accountIds.size();
  }

  public List<String> accountIds() {
    return accountIds;
  }

  public String accountId(int index) {
    return accountIds.get(index);
  }

  /** Index of an account in snapshot order, or -1 if it is not in this snapshot. */
  public int indexOf(String accountId) {
    int index = Collections.binarySearch(accountIds, accountId, ACCOUNT_ORDER);
    return index >= 0 ? index : -1;
  }

  /** M[i][j]. */
  public int feature(int i, int j) {
    Objects.checkIndex(i, size());
    Objects.checkIndex(j, d());
    return matrix[i * d() + j];
  }

  /** A copy of row M_i. */
  public int[] row(int i) {
    Objects.checkIndex(i, size());
    int[] row = new int[d()];
    for (int j = 0; j < row.length; j++) {
      row[j] = matrix[i * d() + j];
    }
    return row;
  }

  /** b[i]. */
  public int prior(int i) {
    return prior[i];
  }

  /** M row-major (N·D bytes), read-only and without copying, e.g. for the HE engine. */
  public ByteBuffer matrix() {
    return ByteBuffer.wrap(matrix).asReadOnlyBuffer();
  }

  /** b (N bytes), read-only. */
  public ByteBuffer priors() {
    return ByteBuffer.wrap(prior).asReadOnlyBuffer();
  }

  /** A copy of M, row-major, N·D bytes: what the native engines take. */
  public byte[] matrixBytes() {
    return matrix.clone();
  }

  /** A copy of b, N bytes. */
  public byte[] priorBytes() {
    return prior.clone();
  }

  /** b as numbers, for APIs and the HE engine. */
  public long[] priorValues() {
    long[] out = new long[prior.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = prior[i] & 0xff;
    }
    return out;
  }

  /** Human-readable label of column j, for explanations. */
  public String label(int j) {
    return labels.get(j);
  }

  public List<String> labels() {
    return labels;
  }

  /** The backing matrix for the scorer in this package; never handed out. */
  byte[] matrixArray() {
    return matrix;
  }

  byte[] priorArray() {
    return prior;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Snapshot that && id().equals(that.id());
  }

  @Override
  public int hashCode() {
    return id().hashCode();
  }

  @Override
  public String toString() {
    return "Snapshot[" + id() + ", n=" + size() + ", d=" + d() + ", w=" + weight + "]";
  }

  static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Boolean.compare(i < a.length(), j < b.length());
  }

  static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static void requireWeight(int weight) {
    if (weight < 1 || weight > ScoreBounds.MAX_WEIGHT) {
      throw new IllegalArgumentException(
          "weight must be in 1.." + ScoreBounds.MAX_WEIGHT + ", was " + weight);
    }
  }

  private static void requireSnapshotOrder(List<String> ids) {
    for (int i = 0; i < ids.size(); i++) {
      if (ids.get(i).isEmpty()) {
        throw new IllegalArgumentException("empty account id at index " + i);
      }
      int bytes = ids.get(i).getBytes(StandardCharsets.UTF_8).length;
      if (bytes > Profile.MAX_ACCOUNT_ID_BYTES) {
        throw new IllegalArgumentException(
            "account id at index "
                + i
                + " is "
                + bytes
                + " bytes of UTF-8, more than "
                + Profile.MAX_ACCOUNT_ID_BYTES);
      }
      if (i > 0 && compareCodePoints(ids.get(i - 1), ids.get(i)) >= 0) {
        throw new IllegalArgumentException(
            "account ids not strictly in snapshot order at index "
                + i
                + ": "
                + ids.get(i - 1)
                + " then "
                + ids.get(i));
      }
    }
  }

  private static void requireLength(String what, long actual, long expected) {
    if (actual != expected) {
      throw new IllegalArgumentException(what + " length " + actual + ", expected " + expected);
    }
  }

  private static void requireRange(String what, byte[] values, int max) {
    for (int k = 0; k < values.length; k++) {
      if (values[k] < 0 || values[k] > max) {
        throw new IllegalArgumentException(
            what + "[" + k + "] = " + values[k] + " is outside 0.." + max);
      }
    }
  }

  /** Strings must survive UTF-8 encoding unchanged, so unpaired surrogates are rejected. */
  private static void requireWellFormed(String what, List<String> strings) {
    for (int i = 0; i < strings.size(); i++) {
      String s = strings.get(i);
      if (!StandardCharsets.UTF_8.newEncoder().canEncode(s)) {
        throw new IllegalArgumentException(what + "[" + i + "] is not well-formed Unicode");
      }
    }
  }
}
