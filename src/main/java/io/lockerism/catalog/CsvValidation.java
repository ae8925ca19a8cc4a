package io.lockerism.catalog;

import java.util.List;

/**
 * The outcome of checking a whole catalog file before importing it.
 *
 * @param rows data rows read (the header and blank lines not counted)
 * @param problems one message per bad row or file-level problem, in file order; capped at {@link
 *     #MAX_KEPT_PROBLEMS} so a wholly broken million-row file cannot exhaust memory
 * @param problemCount how many problems there were in total, including those not kept
 */
public record CsvValidation(long rows, List<String> problems, long problemCount) {
  public static final int MAX_KEPT_PROBLEMS = 1000;

  public CsvValidation {
    problems = List.copyOf(problems);
  }

  /** True when the file can be imported as a whole. */
  public boolean valid() {
    return problemCount == 0;
  }

  /** Throws the problems as one exception, for callers that must reject a bad file. */
  public void throwIfInvalid(String source) throws CatalogFileException {
    if (valid()) {
      return;
    }
    List<String> shown = problems;
    if (problemCount > problems.size()) {
      shown = new java.util.ArrayList<>(problems);
      shown.add("... " + (problemCount - problems.size()) + " more problems not listed");
    }
    throw new CatalogFileException(source, shown);
  }
}
