package io.lockerism.locker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockerism.config.AppConfig;
import io.lockerism.model.Snapshot;
import io.lockerism.proof.ProofWebTestSupport;
import io.lockerism.testing.ApiClient;
import io.lockerism.testing.TestApp;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Promise 1 of the design: an attacker with a database dump learns nothing about any viewer's
 * interests. Checked on a real dump (H2's SCRIPT) after real likes, feeds and explanations.
 */
class PrivacyAtRestTest {

  private static final String PASSWORD = "a long private password";

  /** Tables that hold public data (the catalog and model) or none about viewers. */
  private static final Set<String> PUBLIC_TABLES =
      Set.of("PROFILES", "SNAPSHOTS", "SETTINGS", "FLYWAY_SCHEMA_HISTORY");

  private static TestApp app;
  private static final List<String> liked = new ArrayList<>();

  /** Hex of the proofs' commitments and first proof bytes, which only the sealed record holds. */
  private static final List<String> proofValues = new ArrayList<>();

  @BeforeAll
  static void likeAndBrowse() {
    app = TestApp.withSample();
    ApiClient viewer = ApiClient.signUp(app, "private_viewer", PASSWORD);
    Snapshot s = viewer.currentSnapshot();
    for (int i : new int[] {3, 141, 592, 653, 589}) {
      liked.add(s.accountId(i));
      viewer.like(s.accountId(i));
    }
    viewer.feed(20);
    ApiClient cold = ApiClient.signUp(app, "no_likes_viewer", PASSWORD);
    cold.feed(5);
    try {
      // Proof records at rest: the proof, commitments, openings (likes, feed, salts) are sealed.
      for (var job :
          List.of(ProofWebTestSupport.prove(viewer, 10), ProofWebTestSupport.prove(cold, 3))) {
        proofValues.add(job.get("commitF").asText().substring(2));
        proofValues.add(job.get("commitL").asText().substring(2));
        proofValues.add(job.get("proof").asText().substring(2, 66));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static List<String> dumpLines() throws Exception {
    List<String> lines = new ArrayList<>();
    try (Connection c =
            DriverManager.getConnection(AppConfig.sharedDbUrl(app.dataDir()), "sa", "");
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SCRIPT")) {
      while (rs.next()) {
        lines.add(rs.getString(1));
      }
    }
    return lines;
  }

  private static boolean isPublicTableStatement(String line) {
    String upper = line.toUpperCase(Locale.ROOT);
    return PUBLIC_TABLES.stream().anyMatch(t -> upper.contains("\"PUBLIC\".\"" + t + "\""));
  }

  /** Large values are dumped as LOB streams; these are the ones public rows refer to. */
  private static Set<String> publicLobIds(List<String> dump) {
    Set<String> ids = new HashSet<>();
    Pattern ref = Pattern.compile("SYSTEM_COMBINE_BLOB\\((\\d+)\\)");
    for (String line : dump) {
      if (isPublicTableStatement(line)) {
        Matcher m = ref.matcher(line);
        while (m.find()) {
          ids.add(m.group(1));
        }
      }
    }
    return ids;
  }

  private static boolean isPublicLob(String line, Set<String> publicLobs) {
    Matcher m = Pattern.compile("^INSERT INTO SYSTEM_LOB_STREAM VALUES\\((\\d+),").matcher(line);
    return m.find() && publicLobs.contains(m.group(1));
  }

  @Test
  void aDatabaseDumpNamesNoLikedProfileOutsideThePublicTables() throws Exception {
    List<String> dump = dumpLines();
    assertTrue(dump.stream().anyMatch(l -> l.contains("\"VAULTS\"")), "the dump has the vaults");
    assertTrue(
        dump.stream().anyMatch(l -> l.contains("\"VIEWER_INTERESTS\"")),
        "the dump has the interests");
    Set<String> publicLobs = publicLobIds(dump);
    assertFalse(publicLobs.isEmpty(), "the snapshot is dumped as a LOB");
    for (String line : dump) {
      if (isPublicTableStatement(line) || isPublicLob(line, publicLobs)) {
        continue;
      }
      for (String id : liked) {
        assertFalse(line.contains(id), "liked account id in: " + abbreviate(line));
        assertFalse(line.contains(hex(id)), "liked account id (as bytes) in: " + abbreviate(line));
      }
    }
  }

  @Test
  void vaultColumnsAreSealedOrCiphertextAndTheirSizesRevealNoLikeCount() throws Exception {
    try (Connection c =
            DriverManager.getConnection(AppConfig.sharedDbUrl(app.dataDir()), "sa", "");
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT i.sealed_likes, i.interest,"
                        + " v.sealed_he_secret_key, v.sealed_vault_key FROM vaults v JOIN accounts a"
                        + " ON a.id = v.account_id JOIN viewer_interests i ON i.account_id = v.account_id"
                        + " WHERE a.username IN ('private_viewer', 'no_likes_viewer')")) {
      Set<Integer> likeBlobSizes = new HashSet<>();
      Set<Integer> interestSizes = new HashSet<>();
      int rows = 0;
      while (rs.next()) {
        rows++;
        likeBlobSizes.add(rs.getBytes(1).length);
        byte[] interest = rs.getBytes(2);
        interestSizes.add(interest.length);
        assertEquals(
            "LKHE",
            new String(interest, 0, 4, StandardCharsets.US_ASCII),
            "the interest vector is stored only as a BGV ciphertext");
        assertFalse(
            new String(rs.getBytes(3), StandardCharsets.ISO_8859_1).contains("LKHE"),
            "the HE secret key is sealed, not stored in the engine's format");
      }
      assertEquals(2, rows);
      assertEquals(1, likeBlobSizes.size(), "5 likes and 0 likes seal to the same size");
      assertEquals(1, interestSizes.size());
    }
  }

  @Test
  void noColumnOutsideTheVaultRecordsViewerActivity() throws Exception {
    List<String> columns = new ArrayList<>();
    try (Connection c =
            DriverManager.getConnection(AppConfig.sharedDbUrl(app.dataDir()), "sa", "");
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT table_name, column_name FROM"
                        + " information_schema.columns WHERE table_schema = 'PUBLIC'")) {
      while (rs.next()) {
        columns.add(rs.getString(1) + "." + rs.getString(2));
      }
    }
    List<String> expected =
        List.of(
            "VAULTS.ACCOUNT_ID",
            "VAULTS.KDF_SALT",
            "VAULTS.SEALED_VAULT_KEY",
            "VAULTS.SEALED_HE_SECRET_KEY",
            "VAULTS.HE_PUBLIC_KEY",
            "VIEWER_INTERESTS.ACCOUNT_ID",
            "VIEWER_INTERESTS.SEALED_LIKES",
            "VIEWER_INTERESTS.INTEREST");
    List<String> vaultColumns =
        columns.stream()
            .filter(c -> c.startsWith("VAULTS.") || c.startsWith("VIEWER_INTERESTS."))
            .toList();
    assertEquals(
        Set.copyOf(expected),
        Set.copyOf(vaultColumns),
        "a new vault or interest column must be sealed (and must not count a viewer's activity);"
            + " update this test only after checking it is");
    List<String> accountColumns = columns.stream().filter(c -> c.startsWith("ACCOUNTS.")).toList();
    assertEquals(
        Set.of("ACCOUNTS.ID", "ACCOUNTS.USERNAME", "ACCOUNTS.PASSWORD_HASH", "ACCOUNTS.CREATED_AT"),
        Set.copyOf(accountColumns));
  }

  @Test
  void proofRecordsAreSealedToOneSizeWithNothingInPlaintextThatJoinsTheLedger() throws Exception {
    Set<String> columns = new HashSet<>();
    try (Connection c =
            DriverManager.getConnection(AppConfig.sharedDbUrl(app.dataDir()), "sa", "");
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT column_name FROM information_schema.columns"
                        + " WHERE table_schema = 'PUBLIC' AND table_name = 'PROOF_JOBS'")) {
      while (rs.next()) {
        columns.add(rs.getString(1));
      }
    }
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
            "CREATED_AT",
            "STARTED_AT",
            "FINISHED_AT",
            "UPDATED_AT",
            "RUNNING_ACCOUNT",
            "SEALED_RESULT"),
        columns,
        "a new proof_jobs column must be sealed or join nothing on the ledger (docs/privacy.md,"
            + " \"Proof records at rest\"); update this test only after checking it");
    Set<Integer> sizes = new HashSet<>();
    try (Connection c =
            DriverManager.getConnection(AppConfig.sharedDbUrl(app.dataDir()), "sa", "");
        ResultSet rs =
            c.createStatement()
                .executeQuery("SELECT sealed_result FROM proof_jobs WHERE status = 'proved'")) {
      while (rs.next()) {
        byte[] sealed = rs.getBytes(1);
        sizes.add(sealed.length);
        String text = new String(sealed, StandardCharsets.ISO_8859_1);
        assertFalse(text.contains("\"saltL\"") || text.contains("\"commitF\""), "not JSON");
        String hex = HexFormat.of().formatHex(sealed);
        for (String v : proofValues) {
          assertFalse(text.contains(v) || hex.contains(v), "a proof value in plaintext: " + v);
        }
      }
    }
    assertEquals(1, sizes.size(), "5 likes and k = 10, 0 likes and k = 3: one sealed size");
  }

  private static String hex(String s) {
    StringBuilder sb = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      sb.append(String.format("%02x", b));
    }
    return sb.toString();
  }

  private static String abbreviate(String line) {
    return line.length() > 200 ? line.substring(0, 200) + "…" : line;
  }
}
