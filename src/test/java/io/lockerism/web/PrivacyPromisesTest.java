package io.lockerism.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lockerism.config.AppConfig;
import io.lockerism.testing.Browser;
import io.lockerism.testing.BrowserFailures;
import io.lockerism.testing.TestApp;
import io.lockerism.web.PrivacyPromises.Promise;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.JavascriptExecutor;

/**
 * The privacy promises have one source, the table in docs/privacy.md: every privacy sentence the
 * landing and sign-up pages show (in a real browser) is a row of it, word for word; every row names
 * test classes that exist; and the list of what is stored names every table of the schema.
 */
@ExtendWith(BrowserFailures.class)
class PrivacyPromisesTest {

  private static final Path DOC = Path.of("docs", "privacy.md");
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Words that make a sentence a privacy sentence. A page's text outside the rendered rows must
   * contain none of them, so a promise cannot be written into a template instead of the table.
   */
  static final Pattern PRIVACY_WORDS =
      Pattern.compile(
          "\\b(privat\\w*|privacy|seal\\w*|unseal\\w*|encrypt\\w*|decrypt\\w*|stor(e|es|ed|ing|age)"
              + "|nobody|no one|not even|reveal\\w*|read(s|able)?|sees?|seen|keys?|secret\\w*"
              + "|track\\w*|public|hid(e|es|den)|anonym\\w*|memory|disk|plaintext|wallets?"
              + "|recover\\w*|forget|forgot\\w*|linked|confidential\\w*|safe\\w*)\\b",
          Pattern.CASE_INSENSITIVE);

  /** Takes the promise elements out of the body and returns them and the text that is left. */
  private static final String SPLIT_PAGE =
      """
      const body = document.body.cloneNode(true);
      body.querySelectorAll('script, style, template').forEach(e => e.remove());
      const promises = [];
      body.querySelectorAll('[data-promise]').forEach(e => {
        promises.push({id: e.getAttribute('data-promise'), text: e.textContent});
        e.remove();
      });
      const attributes = [];
      body.querySelectorAll('[aria-label], [title], [alt], [placeholder]').forEach(e => {
        for (const a of ['aria-label', 'title', 'alt', 'placeholder']) {
          if (e.hasAttribute(a)) attributes.push(e.getAttribute(a));
        }
      });
      return JSON.stringify({promises, rest: [document.title, body.textContent, ...attributes]
          .join(' \\n ')});
      """;

  private static TestApp app;
  private static PrivacyPromises table;

  @BeforeAll
  static void start() throws IOException {
    table = PrivacyPromises.parse(Files.readString(DOC));
    app = TestApp.withSample();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void theAppReadsTheSameTableAsTheDocs() throws IOException {
    try (InputStream in =
        getClass().getClassLoader().getResourceAsStream(PrivacyPromises.RESOURCE)) {
      assertEquals(Files.readString(DOC), new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    assertEquals(table.all(), PrivacyPromises.load().all());
  }

  @Test
  void everyPrivacySentenceOnTheLandingAndSignUpPagesIsARowOfTheTable() throws Exception {
    Browser browser = Browser.open("privacy-promises", Browser.LAPTOP);
    for (Map.Entry<String, String> page : Map.of("landing", "/", "signup", "/signup").entrySet()) {
      browser.driver().get(app.baseUrl() + page.getValue());
      JsonNode split =
          JSON.readTree((String) ((JavascriptExecutor) browser.driver()).executeScript(SPLIT_PAGE));
      Map<String, String> shown = new HashMap<>();
      split.get("promises").forEach(p -> shown.put(p.get("id").asText(), p.get("text").asText()));
      Map<String, Promise> rows = new HashMap<>();
      table.on(page.getKey()).forEach(p -> rows.put(p.id(), p));
      assertEquals(rows.keySet(), shown.keySet(), page.getKey() + " shows exactly its rows");
      for (Promise p : rows.values()) {
        String text = normalize(shown.get(p.id()));
        assertTrue(
            text.equals(normalize(p.heading() + " " + p.text()))
                || text.equals(normalize(p.text())),
            page.getKey() + " shows promise " + p.id() + " word for word, not: " + text);
      }
      List<String> stray = privacyWords(split.get("rest").asText());
      assertTrue(
          stray.isEmpty(),
          page.getKey() + " speaks of privacy outside the table (docs/privacy.md): " + stray);
    }
  }

  @Test
  void theWordListCatchesAPromiseWrittenIntoATemplate() {
    // The sign-up page's old sentence, which was false while a viewer is logged in.
    assertEquals(
        List.of("seals", "private", "nobody", "not even", "read"),
        privacyWords(
            "Pick a password you will remember: it seals your private interests, and without it"
                + " nobody — not even us — can read them."));
    assertEquals(List.of(), privacyWords("Create an account. Browse creators. Already here?"));
  }

  @Test
  void everyRowNamesTestClassesThatExist() throws IOException {
    Map<String, Path> tests;
    try (Stream<Path> files = Files.walk(Path.of("src", "test", "java"))) {
      tests =
          files
              .filter(f -> f.toString().endsWith("Test.java"))
              .collect(
                  Collectors.toMap(
                      f -> f.getFileName().toString().replace(".java", ""), f -> f, (a, b) -> a));
    }
    for (Promise p : table.all()) {
      for (String name : p.checkedBy()) {
        Path file = tests.get(name);
        assertTrue(file != null, "promise " + p.id() + " names " + name + ", which is no test");
        String className =
            Path.of("src", "test", "java")
                .relativize(file)
                .toString()
                .replace(".java", "")
                .replace(java.io.File.separatorChar, '.');
        assertTrue(hasTests(className), name + " has test methods");
      }
    }
  }

  @Test
  void theStoredListNamesEveryTableOfTheSchema() throws Exception {
    Set<String> tables = new TreeSet<>();
    try (Connection c =
            DriverManager.getConnection(AppConfig.sharedDbUrl(app.dataDir()), "sa", "");
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT table_name FROM information_schema.tables"
                        + " WHERE table_schema = 'PUBLIC' AND table_type = 'BASE TABLE'")) {
      while (rs.next()) {
        tables.add(rs.getString(1).toLowerCase(Locale.ROOT));
      }
    }
    tables.remove("flyway_schema_history");
    assertTrue(tables.contains("proof_jobs") && tables.contains("dp_values"), tables.toString());
    Set<String> listed = new TreeSet<>();
    for (String line : section("## What is stored about a viewer").lines().toList()) {
      if (line.startsWith("| `")) {
        Matcher m =
            Pattern.compile("`([a-z_]+)`").matcher(line.substring(0, line.indexOf(" |", 2)));
        while (m.find()) {
          listed.add(m.group(1));
        }
      }
    }
    assertEquals(tables, listed, "docs/privacy.md lists exactly the tables of the schema");
  }

  @Test
  void aMalformedTableIsRefused() {
    String head =
        PrivacyPromises.HEADING
            + "\n\n| id | page | heading | promise | mode | checked by |\n|---|---|---|---|---|---|\n";
    String row = "| a | landing | H | Text. | any | `LockerSessionTest` |\n";
    assertEquals(1, PrivacyPromises.parse(head + row).all().size());
    assertThrows(IllegalStateException.class, () -> PrivacyPromises.parse(head + row + row));
    assertThrows(
        IllegalStateException.class,
        () -> PrivacyPromises.parse(head + row.replace("any", "device")));
    assertThrows(
        IllegalStateException.class,
        () -> PrivacyPromises.parse(head + row.replace("`LockerSessionTest` ", "")));
    assertThrows(IllegalStateException.class, () -> PrivacyPromises.parse(head));
    assertThrows(IllegalStateException.class, () -> PrivacyPromises.parse("# nothing\n" + row));
  }

  private static List<String> privacyWords(String text) {
    List<String> found = new ArrayList<>();
    Matcher m = PRIVACY_WORDS.matcher(text);
    while (m.find()) {
      found.add(m.group());
    }
    return found;
  }

  private static String normalize(String text) {
    return text.replaceAll("\\s+", " ").strip();
  }

  private static boolean hasTests(String className) {
    try {
      for (Class<?> c = Class.forName(className); c != null; c = c.getSuperclass()) {
        for (Method m : c.getDeclaredMethods()) {
          if (m.isAnnotationPresent(Test.class)
              || m.isAnnotationPresent(org.junit.jupiter.params.ParameterizedTest.class)) {
            return true;
          }
        }
      }
      return false;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  private static String section(String heading) throws IOException {
    String doc = Files.readString(DOC);
    int at = doc.indexOf("\n" + heading + "\n");
    assertTrue(at >= 0, "docs/privacy.md has " + heading);
    int end = doc.indexOf("\n## ", at + heading.length() + 1);
    return doc.substring(at, end < 0 ? doc.length() : end);
  }
}
