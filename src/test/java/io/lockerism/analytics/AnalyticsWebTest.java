package io.lockerism.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lockerism.config.AppConfig;
import io.lockerism.config.ChainConfig;
import io.lockerism.model.Snapshot;
import io.lockerism.testing.ApiClient;
import io.lockerism.testing.HttpSession;
import io.lockerism.testing.TestApp;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two real app instances on one database, with 3-second release windows: viewers act on both, each
 * instance releases its own noisy partial of every window, the budget is paid once per series, and
 * both serve the same stored releases as pages and JSON.
 */
class AnalyticsWebTest {

  static final Duration WINDOW = Duration.ofSeconds(3);
  private static final String PASSWORD = "a long enough password";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static TestApp a;
  private static TestApp b;
  private static String liked;
  private static Instant counting;

  @BeforeAll
  static void twoInstancesAndSomeActivity() throws Exception {
    AppConfig first =
        AppConfig.forDataDir(TestApp.tempDir())
            .withHost("127.0.0.1")
            .withPort(0)
            .withChain(ChainConfig.none())
            .withDpWindow(WINDOW)
            .withOperators(Set.of("ops"));
    // Operator rights go to accounts that exist when an instance starts.
    try (TestApp setup = TestApp.start(first.withOperators(Set.of()))) {
      ApiClient.signUp(setup, "ops", PASSWORD);
    }
    a = TestApp.start(first);
    b =
        TestApp.start(
            AppConfig.forDataDir(TestApp.tempDir())
                .withHost("127.0.0.1")
                .withPort(0)
                .withChain(ChainConfig.none())
                .withSampleImport(false)
                .withDatabase(first.dbUrl(), "sa", "")
                .withDpWindow(WINDOW)
                .withOperators(Set.of("ops")));
    // Both count from the first window that begins after the later of them started.
    counting = nextWindow(Instant.now());
    sleepUntil(counting.plusMillis(100));
    ApiClient v1 = ApiClient.signUp(a, "dp_viewer_one", PASSWORD);
    ApiClient v2 = ApiClient.signUp(b, "dp_viewer_two", PASSWORD);
    Snapshot s = v1.currentSnapshot();
    liked = s.accountId(5);
    v1.like(liked);
    v2.like(liked);
    v2.like(s.accountId(6));
    v1.feed(20);
    v2.feed(20);
    v2.unlike(s.accountId(6));
    // Wait until the window of the last activity has ended and both instances released it.
    Instant lastEnd = nextWindow(Instant.now());
    long deadline = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < deadline && !releasedByBoth(lastEnd)) {
      Thread.sleep(250);
    }
    assertTrue(releasedByBoth(lastEnd), "both instances released every window by now");
  }

  @AfterAll
  static void stop() {
    b.close();
    a.close();
  }

  private static Instant nextWindow(Instant t) {
    long w = WINDOW.toSeconds();
    return Instant.ofEpochSecond((t.getEpochSecond() / w + 1) * w);
  }

  private static void sleepUntil(Instant t) throws InterruptedException {
    long ms = t.toEpochMilli() - System.currentTimeMillis();
    if (ms > 0) {
      Thread.sleep(ms);
    }
  }

  private static JsonNode creatorJson(TestApp app) throws Exception {
    HttpResponse<String> r = app.newSession().get("/api/v1/profiles/" + liked + "/analytics");
    assertEquals(200, r.statusCode(), r.body());
    return JSON.readTree(r.body());
  }

  /** Every window from `counting` up to `end` is released with one partial per instance. */
  private static boolean releasedByBoth(Instant end) throws Exception {
    JsonNode json = creatorJson(a);
    for (JsonNode series : json.get("series")) {
      for (JsonNode r : series.get("releases")) {
        Instant start = Instant.parse(r.get("windowStart").asText());
        if (!start.isBefore(counting)
            && start.isBefore(end)
            && (!r.get("status").asText().equals("released") || r.get("partials").asInt() != 2)) {
          return false;
        }
      }
    }
    return true;
  }

  @Test
  void bothInstancesServeTheSameStoredReleases() throws Exception {
    JsonNode fromA = creatorJson(a);
    JsonNode fromB = creatorJson(b);
    Instant lastOfA = Instant.parse(fromA.get("budget").get("windowStart").asText());
    // Compare the windows both answers cover and both instances had released when A answered (a
    // window may have ended between the requests, and each instance charges its viewers'
    // lifetime budgets before it releases, so one may release a moment after the other).
    for (int i = 0; i < fromA.get("series").size(); i++) {
      for (JsonNode ra : fromA.get("series").get(i).get("releases")) {
        for (JsonNode rb : fromB.get("series").get(i).get("releases")) {
          if (ra.get("windowStart").equals(rb.get("windowStart"))
              && !Instant.parse(ra.get("windowStart").asText()).isAfter(lastOfA)
              && ra.get("status").asText().equals("released")
              && ra.get("partials").asInt() == 2) {
            assertEquals(ra, rb, "one stored release, re-served as stored");
          }
        }
      }
    }
    assertEquals(
        creatorJson(a).get("series").get(0).get("releases").get(0),
        fromA.get("series").get(0).get("releases").get(0),
        "a re-query draws nothing new");
  }

  /**
   * A new window ends every 3 s and its series are released one after the other: reads until the
   * newest window's budget is not caught half-spent (and checks it is never overspent).
   */
  private static JsonNode settled(java.util.concurrent.Callable<JsonNode> read, double full)
      throws Exception {
    JsonNode json = read.call();
    for (int i = 0; i < 40 && json.get("budget").get("spent").asDouble() < full - 1e-12; i++) {
      assertTrue(json.get("budget").get("spent").asDouble() <= full + 1e-12, "never overspent");
      Thread.sleep(100);
      json = read.call();
    }
    return json;
  }

  @Test
  void theWindowBudgetIsPaidOncePerSeriesAcrossInstances() throws Exception {
    JsonNode json = settled(() -> creatorJson(a), 0.3);
    JsonNode budget = json.get("budget");
    assertEquals(0.3, budget.get("rho").asDouble(), 1e-12);
    assertEquals(
        0.3,
        budget.get("spent").asDouble(),
        1e-12,
        "four series at ρ 0.075, each paid once although two instances released it");
    assertEquals(0, budget.get("left").asDouble(), 1e-12);
    assertEquals(0.50, json.get("rhoPerViewerWindow").asDouble(), 1e-12);
    assertEquals(2.5, json.get("viewerLifetime").get("rhoBound").asDouble(), 1e-12);
    JsonNode likes = json.get("series").get(2);
    assertEquals("likes", likes.get("key").asText());
    for (JsonNode r : likes.get("releases")) {
      if (r.get("status").asText().equals("released")) {
        long half = (r.get("high").asLong() - r.get("low").asLong()) / 2;
        java.util.List<Double> scales =
            java.util.Collections.nCopies(
                r.get("partials").asInt(), likes.get("noiseScale").asDouble());
        assertEquals(NoiseIntervals.halfWidthOfSum(scales), half, "interval of the partials' sum");
      }
    }
    JsonNode last = likes.get("releases").get(likes.get("releases").size() - 1);
    assertEquals("open", last.get("status").asText());
    assertTrue(!last.has("value"), "nothing is released for the open window");
  }

  @Test
  void theDashboardIsForOperatorsOnly() throws Exception {
    HttpSession anonymous = a.newSession();
    HttpResponse<String> r = anonymous.get("/api/v1/admin/analytics");
    assertTrue(
        r.statusCode() == 401 || r.statusCode() == 302 || r.statusCode() == 303,
        "anonymous: " + r.statusCode());
    ApiClient viewer = ApiClient.logIn(a, "dp_viewer_one", PASSWORD);
    assertEquals(403, viewer.http().get("/api/v1/admin/analytics").statusCode());
    ApiClient ops = ApiClient.logIn(a, "ops", PASSWORD);
    HttpResponse<String> dash = ops.http().get("/api/v1/admin/analytics");
    assertEquals(200, dash.statusCode());
    JsonNode json =
        settled(() -> JSON.readTree(ops.http().get("/api/v1/admin/analytics").body()), 0.25);
    assertEquals(1_000, json.get("system").get("profiles").asLong());
    assertEquals(5, json.get("series").size());
    assertEquals(0.25, json.get("budget").get("spent").asDouble(), 1e-12);
    HttpResponse<String> page = ops.http().get("/admin/analytics");
    assertEquals(200, page.statusCode());
    assertTrue(page.body().contains("Active viewers") && page.body().contains("Privacy budget"));
    assertTrue(page.body().contains("<svg class=\"release-chart\""), "an SVG chart per series");
    assertTrue(!page.body().contains("style="), "no inline styles (CSP)");
  }

  @Test
  void theOpenApiDocumentDescribesTheAnalyticsRoutes() throws Exception {
    JsonNode doc = JSON.readTree(a.newSession().get("/api/v1/openapi.json").body());
    assertTrue(doc.get("paths").has("/api/v1/profiles/{accountId}/analytics"));
    assertTrue(doc.get("paths").has("/api/v1/admin/analytics"));
    JsonNode release = doc.get("components").get("schemas").get("DpRelease").get("properties");
    for (String field : new String[] {"windowStart", "status", "value", "low", "high"}) {
      assertTrue(release.has(field), field);
    }
  }

  @Test
  void aCreatorsAnalyticsPageIsLinkedFromTheProfile() throws Exception {
    HttpSession visitor = a.newSession();
    assertTrue(
        visitor.get("/profiles/" + liked).body().contains("/profiles/" + liked + "/analytics"));
    HttpResponse<String> page = visitor.get("/profiles/" + liked + "/analytics");
    assertEquals(200, page.statusCode());
    assertTrue(page.body().contains("95 % interval"), "values with their interval");
    assertTrue(page.body().contains("true count plus random noise"), "what the noise means");
    assertEquals(404, visitor.get("/profiles/no-such-profile/analytics").statusCode());
    assertEquals(404, visitor.get("/api/v1/profiles/no-such-profile/analytics").statusCode());
  }
}
