package io.lockerism.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lockerism.model.FeatureLayout;
import io.lockerism.model.Snapshot;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/** A viewer using the JSON API: sign-up or log-in, likes and feeds, with its CSRF token. */
public final class ApiClient {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpSession http;
  private String csrfToken;

  private ApiClient(HttpSession http) {
    this.http = http;
  }

  public static ApiClient signUp(TestApp app, String username, String password) {
    return signUp(app.newSession(), username, password);
  }

  /** Signs up through {@code session} (e.g. to a server running as a child process). */
  public static ApiClient signUp(HttpSession session, String username, String password) {
    ApiClient c = new ApiClient(session);
    c.csrfToken =
        c.expect(201, c.http.postJson("/api/v1/accounts", credentials(username, password)))
            .get("csrfToken")
            .asText();
    return c;
  }

  public static ApiClient logIn(TestApp app, String username, String password) {
    return logIn(app.newSession(), username, password);
  }

  /** Logs in through {@code session} (e.g. to a server running as a child process). */
  public static ApiClient logIn(HttpSession session, String username, String password) {
    ApiClient c = new ApiClient(session);
    c.csrfToken =
        c.expect(200, c.http.postJson("/api/v1/session", credentials(username, password)))
            .get("csrfToken")
            .asText();
    return c;
  }

  public HttpSession http() {
    return http;
  }

  public String csrfToken() {
    return csrfToken;
  }

  public JsonNode like(String accountId) {
    return expect(200, likeResponse(accountId));
  }

  public JsonNode unlike(String accountId) {
    return expect(200, unlikeResponse(accountId));
  }

  /** POST /api/v1/likes: the profile goes in the JSON body, never in the path. */
  public HttpResponse<String> likeResponse(String accountId) {
    return http.postJson("/api/v1/likes", likeBody(accountId), "X-CSRF-Token", csrfToken);
  }

  public HttpResponse<String> unlikeResponse(String accountId) {
    return http.postJson("/api/v1/likes/remove", likeBody(accountId), "X-CSRF-Token", csrfToken);
  }

  public static String likeBody(String accountId) {
    return JSON.createObjectNode().put("accountId", accountId).toString();
  }

  public List<String> likes() {
    List<String> out = new ArrayList<>();
    expect(200, http.get("/api/v1/likes")).get("likes").forEach(n -> out.add(n.asText()));
    return out;
  }

  /** The feed as [accountId, score] pairs in rank order. */
  public List<Scored> feed(int k) {
    List<Scored> out = new ArrayList<>();
    for (JsonNode n : expect(200, http.get("/api/v1/feed?k=" + k))) {
      out.add(new Scored(n.get("accountId").asText(), n.get("score").asLong()));
    }
    return out;
  }

  /** The current snapshot, rebuilt from the public API. */
  public Snapshot currentSnapshot() {
    JsonNode s = expect(200, http.get("/api/v1/snapshots/current"));
    int n = s.get("profiles").asInt();
    int d = s.get("d").asInt();
    byte[] matrix = new byte[n * d];
    byte[] prior = new byte[n];
    for (int i = 0; i < n; i++) {
      JsonNode row = s.get("rows").get(i);
      for (int j = 0; j < d; j++) {
        matrix[i * d + j] = (byte) row.get(j).asInt();
      }
      prior[i] = (byte) s.get("prior").get(i).asInt();
    }
    List<String> ids = new ArrayList<>();
    s.get("accountIds").forEach(x -> ids.add(x.asText()));
    List<String> labels = new ArrayList<>();
    s.get("labels").forEach(x -> labels.add(x.asText()));
    Snapshot snapshot =
        Snapshot.of(FeatureLayout.forDimension(d), s.get("w").asInt(), ids, matrix, prior, labels);
    if (!snapshot.id().equals(s.get("id").asText())) {
      throw new AssertionError("the API's snapshot id is not the SHA-256 of its content");
    }
    return snapshot;
  }

  public JsonNode expect(int status, HttpResponse<String> response) {
    if (response.statusCode() != status) {
      throw new AssertionError(
          "expected " + status + " but got " + response.statusCode() + ": " + response.body());
    }
    try {
      return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
    } catch (java.io.IOException e) {
      throw new AssertionError("not JSON: " + response.body(), e);
    }
  }

  /** Asks to prove the feed of length k as the API shows it now (GET /api/v1/feed). */
  public HttpResponse<String> startProof(int k) {
    return startProof(k, null);
  }

  /** Proves the feed shown now for {@code publisher} (null: no wallet). */
  public HttpResponse<String> startProof(int k, String publisher) {
    return http.postJson(
        "/api/v1/feed/proofs", shownFeedBody(http, k, publisher), "X-CSRF-Token", csrfToken);
  }

  /** The prove request of the feed of length k {@code session} is shown now. */
  public static String shownFeedBody(HttpSession session, int k) {
    return shownFeedBody(session, k, null);
  }

  /** The same, for the wallet {@code publisher} (null: none). */
  public static String shownFeedBody(HttpSession session, int k, String publisher) {
    HttpResponse<String> feed = session.get("/api/v1/feed?k=" + k);
    try {
      var body = JSON.createObjectNode();
      body.put("snapshotId", feed.headers().firstValue("Lockerism-Snapshot-Id").orElseThrow());
      body.put("k", k);
      var ids = body.putArray("feed");
      JSON.readTree(feed.body()).forEach(e -> ids.add(e.get("accountId").asText()));
      if (publisher != null) {
        body.put("publisher", publisher);
      }
      return JSON.writeValueAsString(body);
    } catch (java.io.IOException e) {
      throw new AssertionError("not JSON: " + feed.body(), e);
    }
  }

  private static String credentials(String username, String password) {
    return "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}";
  }

  /** One feed entry. */
  public record Scored(String accountId, long score) {}
}
