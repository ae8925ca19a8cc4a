package io.lockerism.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lockerism.config.AppConfig;
import io.lockerism.model.Snapshot;
import io.lockerism.store.Database;
import io.lockerism.testing.ApiClient;
import io.lockerism.testing.TestApp;
import java.nio.file.Files;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A real app restarted on the same data directory: a proved job is still listed with its result,
 * and a job that was running when the process stopped is listed as failed with the reason.
 */
class ProofRestartTest {

  private static final String PASSWORD = "a long restarting password";

  @Test
  void provedJobsSurviveARestartAndRunningOnesAreFailedWithAReason() throws Exception {
    AppConfig config = TestApp.config(true);
    JsonNode proved;
    try (TestApp app = TestApp.start(config)) {
      ApiClient viewer = ApiClient.signUp(app, "restart_viewer", PASSWORD);
      Snapshot snapshot = viewer.currentSnapshot();
      viewer.like(snapshot.accountId(7));
      proved = ProofWebTestSupport.prove(viewer, 5);
      // A proof midway when the process dies: its row is running, owned by this instance.
      leaveRunning(app, "restart_viewer");
    }

    try (TestApp app = TestApp.start(config)) {
      ApiClient viewer = ApiClient.logIn(app, "restart_viewer", PASSWORD);
      JsonNode list = viewer.expect(200, viewer.http().get("/api/v1/proofs")).get("proofs");
      assertEquals(2, list.size(), list.toString());
      JsonNode crashed = list.get(0);
      assertEquals("crashed-job", crashed.get("id").asText());
      assertEquals("failed", crashed.get("status").asText());
      assertEquals(ProofService.RESTARTED, crashed.get("reason").asText());

      JsonNode kept = list.get(1);
      assertEquals(proved.get("id"), kept.get("id"));
      assertEquals("done", kept.get("status").asText());
      for (String field : new String[] {"proof", "publicInputs", "commitL", "commitF", "k"}) {
        assertEquals(proved.get(field), kept.get(field), field);
      }
      assertFalse(kept.get("published").asBoolean(), "not on the ledger (no chain here)");
      assertEquals(
          kept, viewer.expect(200, viewer.http().get("/api/v1/proofs/" + kept.get("id").asText())));

      String page = viewer.http().get("/for-you").body();
      assertTrue(page.contains("Your proofs"), "the For-You page lists them");
      assertTrue(page.contains("verified, not published"), page);
    }
  }

  private static void leaveRunning(TestApp app, String username) throws Exception {
    String instance = Files.readString(app.dataDir().resolve("instance-id")).strip();
    Database db = app.app().components().database();
    db.withConnection(
        c -> {
          long account;
          try (PreparedStatement ps =
              c.prepareStatement("SELECT id FROM accounts WHERE username = ?")) {
            ps.setString(1, username);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              account = rs.getLong(1);
            }
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO proof_jobs (id, account_id, owner, k, status, percent, stage,"
                      + " created_at, started_at, updated_at)"
                      + " VALUES ('crashed-job', ?, ?, 5, 'running', 45, 'Proving', ?, ?, ?)")) {
            Timestamp now = Timestamp.from(Instant.now());
            ps.setLong(1, account);
            ps.setString(2, instance);
            ps.setTimestamp(3, now);
            ps.setTimestamp(4, now);
            ps.setTimestamp(5, now);
            return ps.executeUpdate();
          }
        });
  }
}
