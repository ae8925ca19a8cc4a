package io.lockerism.catalog;

import java.util.List;

/**
 * A catalog file that cannot be used: unreadable, or with problems that reject the whole file.
 * {@link #problems()} holds one human-readable message per problem, e.g. {@code line 7: followers:
 * "abc" is not a non-negative integer}.
 */
public class CatalogFileException extends Exception {
  private static final int PROBLEMS_IN_MESSAGE = 5;

  private final List<String> problems;

  public CatalogFileException(String source, List<String> problems) {
    super(summary(source, problems));
    this.problems = List.copyOf(problems);
  }

  public CatalogFileException(String source, String problem, Throwable cause) {
    super(summary(source, List.of(problem)), cause);
    this.problems = List.of(problem);
  }

  /** The problems found, in file order (possibly capped, see {@link CsvValidation}). */
  public List<String> problems() {
    return problems;
  }

  private static String summary(String source, List<String> problems) {
    StringBuilder text = new StringBuilder(source).append(": ");
    problems.stream().limit(PROBLEMS_IN_MESSAGE).forEach(p -> text.append(p).append("; "));
    text.setLength(text.length() - 2);
    if (problems.size() > PROBLEMS_IN_MESSAGE) {
      text.append(" (and ").append(problems.size() - PROBLEMS_IN_MESSAGE).append(" more)");
    }
    return text.toString();
  }
}
