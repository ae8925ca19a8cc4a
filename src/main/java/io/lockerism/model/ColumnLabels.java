package io.lockerism.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The most frequent terms of each hashed column, used as the column's human-readable label.
 *
 * <p>"Most frequent" means highest document frequency, ties broken by the term's text. Keeping the
 * best {@link #TERMS_PER_LABEL} per column is a max-reduction, so partial results of row chunks
 * processed in any order {@link #merge merge} to the same labels: deterministic under parallelism,
 * in O(D) memory.
 */
final class ColumnLabels {

  static final int TERMS_PER_LABEL = 3;

  private final String[][] terms;
  private final int[][] frequencies;

  ColumnLabels(int termColumns) {
    terms = new String[termColumns][TERMS_PER_LABEL];
    frequencies = new int[termColumns][TERMS_PER_LABEL];
  }

  /** Considers a term with document frequency df for the label of its column. */
  void offer(int column, String term, int df) {
    String[] kept = terms[column];
    int[] keptDf = frequencies[column];
    if (kept[TERMS_PER_LABEL - 1] != null
        && !ranksBefore(term, df, kept, keptDf, TERMS_PER_LABEL - 1)) {
      return; // the common case: not among the top terms
    }
    for (int k = 0; k < TERMS_PER_LABEL; k++) {
      if (term.equals(kept[k])) {
        return;
      }
    }
    insert(kept, keptDf, term, df);
  }

  /** Folds another chunk's labels into these. */
  ColumnLabels merge(ColumnLabels other) {
    for (int c = 0; c < terms.length; c++) {
      for (int k = 0; k < TERMS_PER_LABEL && other.terms[c][k] != null; k++) {
        offer(c, other.terms[c][k], other.frequencies[c][k]);
      }
    }
    return this;
  }

  /** The label's terms for a column, most frequent first; empty if no term hashed there. */
  List<String> terms(int column) {
    List<String> top = new ArrayList<>(TERMS_PER_LABEL);
    for (String term : terms[column]) {
      if (term != null) {
        top.add(term);
      }
    }
    return top;
  }

  private static void insert(String[] kept, int[] keptDf, String term, int df) {
    int at = 0;
    while (at < TERMS_PER_LABEL && kept[at] != null && !ranksBefore(term, df, kept, keptDf, at)) {
      at++;
    }
    for (int k = TERMS_PER_LABEL - 1; k > at; k--) {
      kept[k] = kept[k - 1];
      keptDf[k] = keptDf[k - 1];
    }
    kept[at] = term;
    keptDf[at] = df;
  }

  private static boolean ranksBefore(String term, int df, String[] kept, int[] keptDf, int k) {
    return df > keptDf[k] || (df == keptDf[k] && term.compareTo(kept[k]) < 0);
  }
}
