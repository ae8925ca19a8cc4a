package io.lockerism.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lockerism.model.Snapshot;
import io.lockerism.testing.ApiClient;
import io.lockerism.testing.HttpSession;
import io.lockerism.testing.TestApp;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** "Prove this feed" through the real server: jobs, progress events and the proofs API. */
class ProofWebTest {

  private static final String PASSWORD = "a long proving password";
  private static TestApp app;

  @BeforeAll
  static void start() {
    app = TestApp.withSample();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  static JsonNode awaitDone(ApiClient viewer, String id) throws InterruptedException {
    for (int i = 0; i < 1200; i++) {
      JsonNode job = viewer.expect(200, viewer.http().get("/api/v1/proofs/" + id));
      String status = job.get("status").asText();
      if (status.equals("done") || status.equals("failed")) {
        return job;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the proof job did not finish in two minutes");
  }

  @Test
  void aProofJobProvesTheViewersFeedWithPublicCommitmentsOnly() throws Exception {
    ApiClient viewer = ApiClient.signUp(app, "prover_viewer", PASSWORD);
    Snapshot snapshot = viewer.currentSnapshot();
    viewer.like(snapshot.accountId(12));
    viewer.like(snapshot.accountId(345));
    HttpResponse<String> started =
        viewer.http().postJson("/api/v1/feed/proofs?k=10", "", "X-CSRF-Token", viewer.csrfToken());
    assertEquals(202, started.statusCode(), started.body());
    String id = viewer.expect(202, started).get("id").asText();

    JsonNode job = awaitDone(viewer, id);
    assertEquals("done", job.get("status").asText(), job.toString());
    assertEquals(100, job.get("progress").asInt());
    assertEquals(snapshot.id(), job.get("snapshotId").asText());
    assertEquals(10, job.get("k").asInt());
    assertEquals(6, job.get("publicInputs").size());
    assertEquals(
        "0x" + "0".repeat(64),
        job.get("publicInputs").get(5).asText(),
        "no wallet named: made for the zero address, which no transaction comes from");
    assertEquals(2 + 384 * 2, job.get("proof").asText().length(), "a 384-byte Groth16 proof");
    String idHi = job.get("publicInputs").get(0).asText();
    assertTrue(
        idHi.endsWith(snapshot.id().substring(0, 32)), "public input 0 is the id's high half");
    assertTrue(job.get("feed") == null, "the proven feed itself is not in the API response");
    for (String liked : new String[] {snapshot.accountId(12), snapshot.accountId(345)}) {
      assertTrue(!job.toString().contains(liked), "no liked account id in the job");
    }
  }

  @Test
  void otherViewersCannotSeeAJob() throws Exception {
    ApiClient owner = ApiClient.signUp(app, "job_owner", PASSWORD);
    String id =
        owner
            .expect(
                202,
                owner.http().postJson("/api/v1/feed/proofs", "", "X-CSRF-Token", owner.csrfToken()))
            .get("id")
            .asText();
    ApiClient other = ApiClient.signUp(app, "job_snoop", PASSWORD);
    assertEquals(404, other.http().get("/api/v1/proofs/" + id).statusCode());
    awaitDone(owner, id);
    assertEquals(
        400,
        owner
            .http()
            .postJson("/api/v1/feed/proofs?k=51", "", "X-CSRF-Token", owner.csrfToken())
            .statusCode());
    HttpResponse<String> notAnAddress =
        owner
            .http()
            .postJson(
                "/api/v1/feed/proofs?k=5&publisher=0x1234", "", "X-CSRF-Token", owner.csrfToken());
    assertEquals(400, notAnAddress.statusCode());
    assertTrue(notAnAddress.body().contains("publisher must be a wallet address"));
  }

  @Test
  void theProvePageStreamsProgressAndTheResultAsServerSentEvents() {
    HttpSession browser = app.newSession();
    browser.signUp("sse_viewer", PASSWORD);
    String token = browser.csrfTokenFrom("/for-you");
    HttpResponse<String> started =
        browser.postForm(
            "/for-you/proofs",
            Map.of("_csrf", token, "k", "5"),
            "HX-Request",
            "true",
            "HX-Target",
            "proof-slot");
    assertEquals(200, started.statusCode());
    String fragment = started.body();
    assertTrue(fragment.contains("sse-connect=\"/proofs/"), fragment);
    String id = fragment.replaceAll("(?s).*sse-connect=\"/proofs/([0-9a-f]+)/events\".*", "$1");

    String events = browser.get("/proofs/" + id + "/events", "Accept", "text/event-stream").body();
    assertTrue(events.contains("event: progress"), events);
    assertTrue(events.contains("<progress"), "a progress bar in the events");
    assertTrue(events.contains("event: done"), events);
    assertTrue(events.contains("Proved and verified"), events);
    assertTrue(
        events.indexOf("event: done") > events.lastIndexOf("event: progress"),
        "the result comes last");

    String again = browser.get("/proofs/" + id + "/events", "Accept", "text/event-stream").body();
    assertTrue(
        again.contains("event: done") && again.contains("Proved and verified"),
        "a finished job's stream gives its result at once and closes: " + again);

    HttpSession other = app.newSession();
    other.signUp("sse_snoop", PASSWORD);
    String foreign = other.get("/proofs/" + id + "/events", "Accept", "text/event-stream").body();
    assertTrue(!foreign.contains("event:"), "another viewer's job streams nothing: " + foreign);
  }
}
