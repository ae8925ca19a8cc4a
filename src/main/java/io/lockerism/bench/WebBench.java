package io.lockerism.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lockerism.app.Lockerism;
import io.lockerism.config.AppConfig;
import io.lockerism.config.ChainConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The app as a viewer meets it, timed over loopback HTTP against a real in-process server on the
 * bundled 1,000-profile sample: a like (homomorphic update, sealing and the database write), the
 * For-You page (encrypted scoring, decryption, top-k and rendering), the feed API, and a whole
 * proof job. Single requests, one after another; medians and 95th percentiles.
 */
public final class WebBench {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http =
      HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
  private final String base;
  private String csrf;

  private WebBench(String base) {
    this.base = base;
  }

  public static void run(int runs, int likes, PrintWriter out) throws Exception {
    Path dir = Files.createTempDirectory("lockerism-web-bench");
    AppConfig config =
        AppConfig.forDataDir(dir).withHost("127.0.0.1").withPort(0).withChain(ChainConfig.none());
    try (Lockerism app = Lockerism.start(config)) {
      new WebBench("http://127.0.0.1:" + app.port()).measure(runs, likes, out);
    }
  }

  private void measure(int runs, int likes, PrintWriter out) throws Exception {
    csrf =
        json(post(
                "/api/v1/accounts",
                "{\"username\":\"bench\",\"password\":\"a bench password\"}",
                false))
            .get("csrfToken")
            .asText();
    List<String> ids = new ArrayList<>();
    json(get("/api/v1/snapshots/current")).get("accountIds").forEach(n -> ids.add(n.asText()));

    for (int i = 0; i < 20; i++) { // warm-up: like and unlike one profile
      expect(post("/api/v1/likes", likeBody(ids.get(0)), true), 200);
      expect(post("/api/v1/likes/remove", likeBody(ids.get(0)), true), 200);
    }
    List<Double> like = new ArrayList<>();
    for (int i = 0; i < likes; i++) {
      String id = ids.get(1 + i * 37 % (ids.size() - 1));
      like.add(timed(() -> expect(post("/api/v1/likes", likeBody(id), true), 200)));
    }
    for (int i = 0; i < 5; i++) { // warm-up
      expect(get("/for-you"), 200);
    }
    List<Double> page = new ArrayList<>();
    List<Double> feed = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      page.add(timed(() -> expect(get("/for-you"), 200)));
      feed.add(timed(() -> expect(get("/api/v1/feed?k=20"), 200)));
    }
    double proof = timed(this::proveOnce);

    out.printf(Locale.ROOT, "web, loopback HTTP, 1,000 × 64 sample, %d likes%n", likes);
    out.println("| request | median | p95 | n |");
    out.println("|---|---:|---:|---:|");
    row(out, "like: POST /api/v1/likes (homomorphic add + seal + write)", like);
    row(out, "For-You page: GET /for-you (score, decrypt, top-20, render)", page);
    row(out, "feed API: GET /api/v1/feed?k=20", feed);
    row(out, "proof job: POST /api/v1/feed/proofs → done (k = 20)", List.of(proof));
    out.flush();
  }

  private void proveOnce() {
    try {
      String id =
          json(expect(post("/api/v1/feed/proofs", shownFeed(20), true), 202)).get("id").asText();
      while (true) {
        JsonNode job = json(expect(get("/api/v1/proofs/" + id), 200));
        String status = job.get("status").asText();
        if (status.equals("done")) {
          return;
        }
        if (status.equals("failed")) {
          throw new IllegalStateException("proof failed: " + job.get("reason").asText());
        }
        Thread.sleep(20);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The prove request of the feed the API shows now: a proof is of a feed shown. */
  private String shownFeed(int k) {
    HttpResponse<String> feed = expect(get("/api/v1/feed?k=" + k), 200);
    ObjectNode body = JSON.createObjectNode();
    body.put("snapshotId", feed.headers().firstValue("Lockerism-Snapshot-Id").orElseThrow());
    body.put("k", k);
    ArrayNode ids = body.putArray("feed");
    json(feed).forEach(e -> ids.add(e.get("accountId").asText()));
    return body.toString();
  }

  private static void row(PrintWriter out, String what, List<Double> millis) {
    List<Double> sorted = new ArrayList<>(millis);
    Collections.sort(sorted);
    double median = sorted.get(sorted.size() / 2);
    double p95 = sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.95) - 1));
    out.printf(Locale.ROOT, "| %s | %.1f ms | %.1f ms | %d |%n", what, median, p95, sorted.size());
  }

  private static double timed(Runnable r) {
    long start = System.nanoTime();
    r.run();
    return (System.nanoTime() - start) / 1e6;
  }

  private HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET().build());
  }

  private static String likeBody(String accountId) {
    return JSON.createObjectNode().put("accountId", accountId).toString();
  }

  private HttpResponse<String> post(String path, String body, boolean withCsrf) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (withCsrf) {
      b.header("X-CSRF-Token", csrf);
    }
    return send(b.build());
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException("request failed: " + request.uri(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static HttpResponse<String> expect(HttpResponse<String> r, int status) {
    if (r.statusCode() != status && !(status == 200 && r.statusCode() == 201)) {
      throw new IllegalStateException(
          r.request().uri() + " answered " + r.statusCode() + ": " + r.body());
    }
    return r;
  }

  private static JsonNode json(HttpResponse<String> r) {
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new IllegalStateException("not JSON: " + r.body(), e);
    }
  }
}
