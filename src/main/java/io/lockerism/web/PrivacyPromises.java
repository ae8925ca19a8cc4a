package io.lockerism.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The privacy promises the landing and sign-up pages make, read from the table in docs/privacy.md.
 *
 * <p>Why this way: the sentences a viewer reads about their privacy must be the sentences the
 * documentation states and the tests check, so there is exactly one copy of them. The build packs
 * docs/privacy.md into the jar (pom.xml, {@value #RESOURCE}); at start the app parses the Markdown
 * table under the heading {@value #HEADING} and the templates render its rows. Editing a promise is
 * editing that table; PrivacyPromisesTest checks that every privacy sentence on the two pages is a
 * row of it and that every row names a test class that exists. A table that cannot be read stops
 * the app at start, not a page at run time.
 */
public final class PrivacyPromises {

  static final String RESOURCE = "docs/privacy.md";
  static final String HEADING = "## Promises the pages make";

  /** The pages that render promises. */
  public static final Set<String> PAGES = Set.of("landing", "signup");

  /**
   * The key-custody modes a row may be about. Today there is one: the server holds the viewer's
   * unlocked key during their session ("server-held"); "any" rows hold in every mode.
   */
  public static final Set<String> MODES = Set.of("any", "server-held");

  /** The mode this server runs every viewer in. */
  static final String CURRENT_MODE = "server-held";

  private static final List<String> COLUMNS =
      List.of("id", "page", "heading", "promise", "mode", "checked by");

  /**
   * One promise.
   *
   * @param heading a short title shown above the text, or empty
   * @param checkedBy simple names of the test classes that try to break it
   */
  public record Promise(
      String id, String page, String heading, String text, String mode, List<String> checkedBy) {}

  private final List<Promise> rows;

  private PrivacyPromises(List<Promise> rows) {
    this.rows = List.copyOf(rows);
  }

  /** The table packed in the jar. */
  public static PrivacyPromises load() {
    try (InputStream in = PrivacyPromises.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses the promises table out of privacy.md's text; a malformed table is an error. */
  public static PrivacyPromises parse(String markdown) {
    List<String> lines = markdown.lines().toList();
    int at = lines.indexOf(HEADING);
    if (at < 0) {
      throw new IllegalStateException(RESOURCE + " has no section \"" + HEADING + "\"");
    }
    int header = at + 1;
    while (header < lines.size() && !lines.get(header).startsWith("|")) {
      header++;
    }
    if (header + 1 >= lines.size() || !cells(lines.get(header)).equals(COLUMNS)) {
      throw new IllegalStateException(
          "the promises table must start with the columns " + String.join(" | ", COLUMNS));
    }
    List<Promise> rows = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = header + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
      Promise p = row(cells(lines.get(i)), i + 1);
      if (!ids.add(p.id())) {
        throw new IllegalStateException("promise " + p.id() + " appears twice");
      }
      rows.add(p);
    }
    if (rows.isEmpty()) {
      throw new IllegalStateException("the promises table has no rows");
    }
    return new PrivacyPromises(rows);
  }

  private static Promise row(List<String> c, int line) {
    if (c.size() != COLUMNS.size() || c.get(0).isEmpty() || c.get(3).isEmpty()) {
      throw new IllegalStateException(
          RESOURCE + " line " + line + ": a promise needs " + COLUMNS.size() + " cells");
    }
    if (!PAGES.contains(c.get(1)) || !MODES.contains(c.get(4))) {
      throw new IllegalStateException(
          RESOURCE + " line " + line + ": unknown page or mode: " + c.get(1) + ", " + c.get(4));
    }
    List<String> tests = Arrays.stream(c.get(5).split(",")).map(String::strip).toList();
    if (tests.stream().anyMatch(String::isEmpty)) {
      throw new IllegalStateException(RESOURCE + " line " + line + ": name the checking tests");
    }
    return new Promise(c.get(0), c.get(1), c.get(2), c.get(3), c.get(4), tests);
  }

  /** The cells of a Markdown table row, without their backticks (test names are code). */
  private static List<String> cells(String line) {
    String inner = line.strip();
    inner = inner.substring(1, inner.endsWith("|") ? inner.length() - 1 : inner.length());
    return Arrays.stream(inner.split("\\|", -1)).map(s -> s.replace("`", "").strip()).toList();
  }

  /** Every row, in table order. */
  public List<Promise> all() {
    return rows;
  }

  /** The rows a page renders for the current mode, in table order. */
  public List<Promise> on(String page) {
    return rows.stream()
        .filter(p -> p.page().equals(page))
        .filter(p -> p.mode().equals("any") || p.mode().equals(CURRENT_MODE))
        .toList();
  }

  /** The same rows keyed by id, for a template that places promises one by one. */
  public Map<String, Promise> byId(String page) {
    Map<String, Promise> out = new java.util.LinkedHashMap<>();
    on(page).forEach(p -> out.put(p.id(), p));
    return out;
  }
}
