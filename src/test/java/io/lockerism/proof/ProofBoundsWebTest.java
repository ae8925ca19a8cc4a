package io.lockerism.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockerism.store.Database;
import io.lockerism.testing.ApiClient;
import io.lockerism.testing.TestApp;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The proof bounds over HTTP, counted from the job rows: a viewer with three unfinished proofs is
 * answered 429, and with 64 proofs waiting for this instance's prover everyone is answered 503 with
 * Retry-After. The rows are put in place directly, so no proof has to be in flight at a given time.
 */
class ProofBoundsWebTest {

  private static final String PASSWORD = "a long bounded password";
  private static TestApp app;
  private static String instance;

  @BeforeAll
  static void start() throws Exception {
    app = TestApp.withSample();
    instance = Files.readString(app.dataDir().resolve("instance-id")).strip();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void aViewerWithThreeUnfinishedProofsIsAnswered429() {
    ApiClient viewer = ApiClient.signUp(app, "busy_viewer", PASSWORD);
    long account = accountId("busy_viewer");
    insertJob("busy-1", account, "running");
    insertJob("busy-2", account, "queued");
    insertJob("busy-3", account, "queued");
    HttpResponse<String> refused = startProof(viewer);
    assertEquals(429, refused.statusCode(), refused.body());
    assertTrue(refused.body().contains("already have 3 proofs"), refused.body());
    assertEquals(3, viewer.expect(200, viewer.http().get("/api/v1/proofs")).get("proofs").size());
  }

  @Test
  void aFullQueueIsAnswered503WithRetryAfter() {
    ApiClient viewer = ApiClient.signUp(app, "late_viewer", PASSWORD);
    for (int i = 0; i < ProofService.MAX_QUEUED; i++) {
      insertJob("full-" + i, insertAccount("queued_viewer_" + i), "queued");
    }
    HttpResponse<String> refused = startProof(viewer);
    assertEquals(503, refused.statusCode(), refused.body());
    assertEquals("30", refused.headers().firstValue("Retry-After").orElse(""));
    assertTrue(refused.body().contains("try again"), refused.body());
    assertEquals(0, viewer.expect(200, viewer.http().get("/api/v1/proofs")).get("proofs").size());
  }

  private static HttpResponse<String> startProof(ApiClient viewer) {
    return viewer.startProof(5);
  }

  private static Database db() {
    return app.app().components().database();
  }

  private static long accountId(String username) {
    return db().withConnection(
            c -> {
              try (PreparedStatement ps =
                  c.prepareStatement("SELECT id FROM accounts WHERE username = ?")) {
                ps.setString(1, username);
                try (ResultSet rs = ps.executeQuery()) {
                  rs.next();
                  return rs.getLong(1);
                }
              }
            });
  }

  /** An account that only has to exist (its viewers never log in here). */
  private static long insertAccount(String username) {
    db().withConnection(
            c -> {
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "INSERT INTO accounts (username, password_hash, created_at)"
                          + " VALUES (?, 'unused', ?)")) {
                ps.setString(1, username);
                ps.setTimestamp(2, Timestamp.from(Instant.now()));
                return ps.executeUpdate();
              }
            });
    return accountId(username);
  }

  /** A job of this instance, as a proof in flight would have left it. */
  private static void insertJob(String id, long account, String status) {
    db().withConnection(
            c -> {
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "INSERT INTO proof_jobs (id, account_id, owner, k, status, percent, stage,"
                          + " created_at, updated_at) VALUES (?, ?, ?, 5, ?, 0, 'Waiting', ?, ?)")) {
                Timestamp now = Timestamp.from(Instant.now());
                ps.setString(1, id);
                ps.setLong(2, account);
                ps.setString(3, instance);
                ps.setString(4, status);
                ps.setTimestamp(5, now);
                ps.setTimestamp(6, now);
                return ps.executeUpdate();
              }
            });
  }
}
