package io.lockerism.locker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockerism.config.AppConfig;
import io.lockerism.config.ChainConfig;
import io.lockerism.model.Snapshot;
import io.lockerism.testing.ApiClient;
import io.lockerism.testing.TestApp;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Promise 5 at rest: after several viewers' activity has been counted and released, the database
 * and the logs hold only noisy releases — no per-viewer event, no per-viewer or true count. Checked
 * on a real dump of the database and on everything the app logged.
 */
class DpPrivacyAtRestTest {

  private static final Duration WINDOW = Duration.ofSeconds(2);
  private static final String PASSWORD = "a long private password";
  private static final List<String> VIEWERS = List.of("dp_rest_ann", "dp_rest_bob", "dp_rest_cy");
  private static final Set<String> DP_TABLES =
      Set.of("DP_BUDGET", "DP_CHARGES", "DP_RELEASES", "DP_VALUES", "DP_VIEWER_BUDGET");

  private static final ByteArrayOutputStream LOG = new ByteArrayOutputStream();
  private static final String RELEASED_LINE =
      "Released differentially private statistics of window";
  private static PrintStream originalErr;
  private static TestApp app;
  private static Snapshot snapshot;
  private static final List<String> liked = new ArrayList<>();

  @BeforeAll
  static void activityBySeveralViewers() throws Exception {
    originalErr = System.err;
    System.setErr(new PrintStream(new Tee(originalErr, LOG), true, StandardCharsets.UTF_8));
    app =
        TestApp.start(
            AppConfig.forDataDir(TestApp.tempDir())
                .withHost("127.0.0.1")
                .withPort(0)
                .withChain(ChainConfig.none())
                .withDpWindow(WINDOW));
    long w = WINDOW.toSeconds();
    Thread.sleep(
        Math.max(
            0,
            (Instant.now().getEpochSecond() / w + 1) * w * 1000
                - System.currentTimeMillis()
                + 100));
    int n = 0;
    for (String name : VIEWERS) {
      ApiClient viewer = ApiClient.signUp(app, name, PASSWORD);
      snapshot = viewer.currentSnapshot();
      for (int i : new int[] {11 + n, 222 + n, 333}) {
        liked.add(snapshot.accountId(i));
        viewer.like(snapshot.accountId(i));
      }
      viewer.feed(20);
      viewer.unlike(snapshot.accountId(11 + n));
      n++;
    }
    long end = (Instant.now().getEpochSecond() / w + 1) * w;
    long deadline = System.currentTimeMillis() + 30_000;
    // Wait for the window's last series, and for the log line written after it.
    while (System.currentTimeMillis() < deadline
        && (releasedUpTo() < end
            || !LOG.toString(StandardCharsets.UTF_8).contains(RELEASED_LINE))) {
      Thread.sleep(200);
    }
    assertTrue(releasedUpTo() >= end, "the windows with the activity were released");
  }

  @AfterAll
  static void stop() {
    app.close();
    System.setErr(originalErr);
  }

  /** The end of the newest window whose every series this instance released. */
  private static long releasedUpTo() throws Exception {
    try (Connection c = connect();
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT MAX(window_start) FROM (SELECT window_start FROM dp_releases"
                        + " GROUP BY window_start HAVING COUNT(*) = "
                        + io.lockerism.analytics.Series.values().length
                        + ") w")) {
      rs.next();
      return rs.getLong(1) + WINDOW.toSeconds();
    }
  }

  private static Connection connect() throws Exception {
    return DriverManager.getConnection(AppConfig.sharedDbUrl(app.dataDir()), "sa", "");
  }

  @Test
  void theDpTablesHaveNoColumnForAViewer() throws Exception {
    Map<String, Set<String>> columns = new HashMap<>();
    Set<String> tables = new HashSet<>();
    try (Connection c = connect();
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT table_name, column_name FROM information_schema.columns"
                        + " WHERE table_schema = 'PUBLIC'")) {
      while (rs.next()) {
        tables.add(rs.getString(1));
        columns.computeIfAbsent(rs.getString(1), k -> new HashSet<>()).add(rs.getString(2));
      }
    }
    assertEquals(
        Set.of("SCOPE", "WINDOW_START", "BUDGET_MICRO", "SPENT_MICRO"), columns.get("DP_BUDGET"));
    assertEquals(Set.of("WINDOW_START", "SERIES", "RHO_MICRO"), columns.get("DP_CHARGES"));
    assertEquals(
        Set.of("WINDOW_START", "SERIES", "INSTANCE_ID", "NOISE_SCALE", "RELEASED_AT"),
        columns.get("DP_RELEASES"));
    assertEquals(
        Set.of("WINDOW_START", "SERIES", "INSTANCE_ID", "CELL", "NOISY_VALUE"),
        columns.get("DP_VALUES"),
        "a new DP column must hold no per-viewer data");
    // Each viewer's lifetime budget: how much is spent and the last window counted, nothing else
    // (docs/privacy.md).
    assertEquals(
        Set.of("ACCOUNT_ID", "SPENT_MICRO", "LAST_WINDOW"), columns.get("DP_VIEWER_BUDGET"));
    // A viewer's own proof jobs: scheduling state in plaintext; the proof, its public inputs, the
    // commitments and their openings only sealed under the viewer's key (SEALED_RESULT, V10:
    // docs/privacy.md, "Proof records at rest"); a new column must be checked for that.
    assertEquals(
        Set.of(
            "ID",
            "SEQ",
            "ACCOUNT_ID",
            "OWNER",
            "K",
            "STATUS",
            "PERCENT",
            "STAGE",
            "SNAPSHOT_ID",
            "REASON",
            "SEALED_RESULT",
            "CREATED_AT",
            "STARTED_AT",
            "FINISHED_AT",
            "UPDATED_AT",
            "RUNNING_ACCOUNT"), // the account id again, while the job runs (V8)
        columns.get("PROOF_JOBS"),
        "a new proof-job column must hold no witness");
    assertEquals(
        Set.of(
            "PROFILES",
            "SNAPSHOTS",
            "SETTINGS",
            "flyway_schema_history",
            "ACCOUNTS",
            "VAULTS",
            "VIEWER_INTERESTS",
            "LEDGER_RECORDS",
            "DP_BUDGET",
            "DP_CHARGES",
            "DP_RELEASES",
            "DP_VALUES",
            "DP_VIEWER_BUDGET",
            "PROOF_JOBS",
            // shared development setups: the circuit and its public keys, nothing of a viewer
            "PROVER_SETUPS",
            "PROVER_SETUP_FILES"),
        tables,
        "a new table must be checked for viewer activity first");
  }

  /** Every profile has a value in every creator release, so a row's presence tells nothing. */
  @Test
  void everyCreatorReleaseHasAValueForEveryProfileAndNothingElse() throws Exception {
    Set<String> catalog = Set.copyOf(snapshot.accountIds());
    Map<String, Set<String>> cells = new HashMap<>();
    try (Connection c = connect();
        ResultSet rs =
            c.createStatement()
                .executeQuery("SELECT window_start, series, instance_id, cell FROM dp_values")) {
      while (rs.next()) {
        cells
            .computeIfAbsent(
                rs.getLong(1) + " " + rs.getString(2) + " " + rs.getString(3), k -> new HashSet<>())
            .add(rs.getString(4));
      }
    }
    assertFalse(cells.isEmpty());
    for (Map.Entry<String, Set<String>> release : cells.entrySet()) {
      if (release.getKey().contains(" creators.")) {
        assertEquals(catalog, release.getValue(), release.getKey());
      } else {
        assertEquals(Set.of(""), release.getValue(), release.getKey());
      }
    }
  }

  @Test
  void theDumpNamesNoViewerInTheDpTablesAndNoLikedProfileElsewhere() throws Exception {
    List<String> dump = new ArrayList<>();
    try (Connection c = connect();
        ResultSet rs = c.createStatement().executeQuery("SCRIPT")) {
      while (rs.next()) {
        dump.add(rs.getString(1));
      }
    }
    assertTrue(dump.stream().anyMatch(l -> l.contains("\"DP_VALUES\"")), "releases are dumped");
    Set<String> releasedData = new HashSet<>(DP_TABLES);
    releasedData.addAll(Set.of("PROFILES", "SNAPSHOTS", "SETTINGS", "FLYWAY_SCHEMA_HISTORY"));
    for (String line : dump) {
      boolean dp = DP_TABLES.stream().anyMatch(t -> line.contains("\"PUBLIC\".\"" + t + "\""));
      if (dp) {
        for (String name : VIEWERS) {
          assertFalse(line.contains(name), "viewer named in a DP row: " + abbreviate(line));
        }
      }
      if (releasedData.stream().anyMatch(t -> line.contains("\"PUBLIC\".\"" + t + "\""))
          || line.startsWith("INSERT INTO SYSTEM_LOB_STREAM")) {
        continue; // public or released data (every profile alike), or the snapshot's LOB
      }
      for (String id : liked) {
        assertFalse(line.contains(id), "liked profile in: " + abbreviate(line));
      }
    }
  }

  @Test
  void theLogsNameNoViewerAndNoLikedProfile() {
    String log = LOG.toString(StandardCharsets.UTF_8);
    assertTrue(log.contains(RELEASED_LINE), "the releases were logged (without counts)");
    for (String name : VIEWERS) {
      assertFalse(log.contains(name), "a viewer's name is in the log");
    }
    for (String id : liked) {
      assertFalse(log.contains(id), "a liked profile is in the log");
    }
  }

  private static String abbreviate(String line) {
    return line.length() > 200 ? line.substring(0, 200) + "…" : line;
  }

  /** Writes to the original stream and keeps a copy. */
  private static final class Tee extends OutputStream {
    private final OutputStream a;
    private final OutputStream b;

    Tee(OutputStream a, OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public synchronized void write(int x) throws java.io.IOException {
      a.write(x);
      b.write(x);
    }

    @Override
    public synchronized void write(byte[] buf, int off, int len) throws java.io.IOException {
      a.write(buf, off, len);
      b.write(buf, off, len);
    }
  }
}
