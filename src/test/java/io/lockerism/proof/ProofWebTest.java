package io.lockerism.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lockerism.model.PlaintextScorer;
import io.lockerism.model.Snapshot;
import io.lockerism.testing.ApiClient;
import io.lockerism.testing.HttpSession;
import io.lockerism.testing.TestApp;
import io.lockerism.viewer.ViewerService;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    HttpResponse<String> started = viewer.startProof(10);
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
    String id = owner.expect(202, owner.startProof(ViewerService.DEFAULT_K)).get("id").asText();
    ApiClient other = ApiClient.signUp(app, "job_snoop", PASSWORD);
    assertEquals(404, other.http().get("/api/v1/proofs/" + id).statusCode());
    awaitDone(owner, id);
    assertEquals(200, owner.http().get("/api/v1/proofs/" + id + "/receipt").statusCode());
    assertEquals(404, other.http().get("/api/v1/proofs/" + id + "/receipt").statusCode());
    String shown = ApiClient.shownFeedBody(owner.http(), 3);
    for (String bad :
        new String[] {
          "", // no shown feed: nothing to prove
          shown.replace("\"k\":3", "\"k\":51"),
          shown.replace("\"k\":3", "\"k\":2"), // more ids than k
          shown.replaceAll("\"feed\":\\[.*\\]", "\"feed\":[]"),
          shown.replaceAll("\"feed\":\\[.*\\]", "\"feed\":[null]"),
          shown.replaceAll("\"snapshotId\":\"[0-9a-f]+\"", "\"snapshotId\":\"nope\"")
        }) {
      HttpResponse<String> refused =
          owner.http().postJson("/api/v1/feed/proofs", bad, "X-CSRF-Token", owner.csrfToken());
      assertEquals(400, refused.statusCode(), bad + " -> " + refused.body());
    }
    HttpResponse<String> notAnAddress =
        owner
            .http()
            .postJson(
                "/api/v1/feed/proofs",
                ApiClient.shownFeedBody(owner.http(), 5, "0x1234"),
                "X-CSRF-Token",
                owner.csrfToken());
    assertEquals(400, notAnAddress.statusCode());
    assertTrue(notAnAddress.body().contains("publisher must be a wallet address"));
  }

  @Test
  void aProofIsOfTheFeedShownAndItsReceiptOpensIt() throws Exception {
    ApiClient viewer = ApiClient.signUp(app, "receipt_viewer", PASSWORD);
    Snapshot snapshot = viewer.currentSnapshot();
    viewer.like(snapshot.accountId(345));
    viewer.like(snapshot.accountId(12));
    String shown = ApiClient.shownFeedBody(viewer.http(), 10);
    String id =
        viewer
            .expect(
                202,
                viewer
                    .http()
                    .postJson("/api/v1/feed/proofs", shown, "X-CSRF-Token", viewer.csrfToken()))
            .get("id")
            .asText();
    JsonNode job = awaitDone(viewer, id);
    assertEquals("done", job.get("status").asText(), job.toString());

    JsonNode receipt = viewer.expect(200, viewer.http().get("/api/v1/proofs/" + id + "/receipt"));
    assertEquals("lockerism-feed-receipt", receipt.get("format").asText());
    assertEquals(1, receipt.get("version").asInt());
    assertEquals(snapshot.id(), receipt.get("snapshotId").asText());
    assertEquals(10, receipt.get("k").asInt());
    int[] model = PlaintextScorer.feed(snapshot, Set.of(12, 345), 10);
    List<String> shownIds = new ArrayList<>();
    new ObjectMapper().readTree(shown).get("feed").forEach(n -> shownIds.add(n.asText()));
    List<String> provenIds = new ArrayList<>();
    for (int i = 0; i < model.length; i++) {
      JsonNode entry = receipt.get("feed").get(i);
      assertEquals(model[i], entry.get("index").asInt(), "rank " + i + " is the model's");
      provenIds.add(entry.get("accountId").asText());
    }
    assertEquals(model.length, receipt.get("feed").size());
    assertEquals(shownIds, provenIds, "the proven feed is the feed shown");
    assertEquals(12, receipt.at("/likes/0/index").asInt(), "likes ascending by index");
    assertEquals(snapshot.accountId(345), receipt.at("/likes/1/accountId").asText());
    assertEquals(job.get("commitF").asText(), receipt.get("commitF").asText());
    assertEquals(job.get("proof").asText(), receipt.get("proof").asText());
    assertEquals(6, receipt.get("publicInputs").size());
    assertTrue(receipt.get("saltL").asText().matches("0x[0-9a-f]{64}"), receipt.toString());
    assertTrue(receipt.get("chain") == null, "not published: no chain record");
  }

  @Test
  void aLikeBetweenShowingAndProvingIsRefusedNeverProvenAsAnotherFeed() throws Exception {
    ApiClient viewer = ApiClient.signUp(app, "changed_viewer", PASSWORD);
    Snapshot snapshot = viewer.currentSnapshot();
    viewer.like(snapshot.accountId(12));
    String shown = ApiClient.shownFeedBody(viewer.http(), 10);
    String firstShown = new ObjectMapper().readTree(shown).at("/feed/0").asText();
    viewer.like(firstShown); // the top of the shown feed is liked, so it leaves the feed
    assertFailsAsChanged(viewer, shown);

    String now = ApiClient.shownFeedBody(viewer.http(), 10);
    JsonNode body = new ObjectMapper().readTree(now);
    String first = body.at("/feed/0").asText();
    String second = body.at("/feed/1").asText();
    String swapped =
        now.replace("\"" + first + "\"", "\"#\"")
            .replace("\"" + second + "\"", "\"" + first + "\"")
            .replace("\"#\"", "\"" + second + "\"");
    assertFailsAsChanged(viewer, swapped); // the same profiles in another order
    assertFailsAsChanged(viewer, now.replace(snapshot.id(), "0".repeat(64))); // another snapshot
    assertEquals("done", awaitDone(viewer, startedId(viewer, now)).get("status").asText());
  }

  private static void assertFailsAsChanged(ApiClient viewer, String shown) throws Exception {
    JsonNode job = awaitDone(viewer, startedId(viewer, shown));
    assertEquals("failed", job.get("status").asText(), job.toString());
    assertEquals(ProofService.FEED_CHANGED, job.get("reason").asText());
    assertTrue(job.get("proof") == null && job.get("commitF") == null, job.toString());
  }

  private static String startedId(ApiClient viewer, String shown) {
    return viewer
        .expect(
            202,
            viewer
                .http()
                .postJson("/api/v1/feed/proofs", shown, "X-CSRF-Token", viewer.csrfToken()))
        .get("id")
        .asText();
  }

  @Test
  void theProvePageStreamsProgressAndTheResultAsServerSentEvents() {
    HttpSession browser = app.newSession();
    browser.signUp("sse_viewer", PASSWORD);
    String token = browser.csrfTokenFrom("/for-you");
    HttpResponse<String> feed = browser.get("/api/v1/feed?k=1");
    String top = feed.body().replaceAll("(?s).*\"accountId\":\"([^\"]+)\".*", "$1");
    String snapshotId = feed.headers().firstValue("Lockerism-Snapshot-Id").orElseThrow();
    HttpResponse<String> started =
        browser.postForm(
            "/for-you/proofs",
            Map.of("_csrf", token, "snapshot", snapshotId, "k", "1", "feed", top),
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
