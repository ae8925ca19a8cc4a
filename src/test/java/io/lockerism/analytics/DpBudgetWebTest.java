package io.lockerism.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lockerism.config.AppConfig;
import io.lockerism.config.ChainConfig;
import io.lockerism.model.Snapshot;
import io.lockerism.testing.ApiClient;
import io.lockerism.testing.MutableClock;
import io.lockerism.testing.TestApp;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The lifetime budget as people see it, on a real server with one-day windows and a clock the test
 * moves: a viewer active on six days is told on their own page, in plain words, that their budget
 * is spent after five; /admin and the analytics pages give the running total and the bound in words
 * that follow the window length; and no page shows a negative count.
 */
class DpBudgetWebTest {

  private static final String PASSWORD = "a long enough password";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Pattern NEGATIVE = Pattern.compile("(?<![\\w-])[-−]\\d");

  private static final MutableClock CLOCK = new MutableClock(T0);
  private static TestApp daily;
  private static Snapshot snapshot;
  private static String accountAfterTwoDays;

  @BeforeAll
  static void aViewerActiveOnSixDays() throws Exception {
    AppConfig config =
        AppConfig.forDataDir(TestApp.tempDir())
            .withHost("127.0.0.1")
            .withPort(0)
            .withChain(ChainConfig.none())
            .withDpWindow(Duration.ofDays(1))
            .withOperators(Set.of("ops"));
    // Operator rights go to accounts that exist when an instance starts.
    try (TestApp setup = TestApp.start(config.withOperators(Set.of()), CLOCK)) {
      ApiClient.signUp(setup, "ops", PASSWORD);
    }
    daily = TestApp.start(config, CLOCK);
    ApiClient.signUp(daily, "budget_viewer", PASSWORD);
    for (int day = 0; day < 6; day++) {
      // Sessions end when the clock jumps a day: log in again each day.
      ApiClient viewer = ApiClient.logIn(daily, "budget_viewer", PASSWORD);
      snapshot = viewer.currentSnapshot();
      viewer.like(snapshot.accountId(100 + day));
      viewer.feed(20);
      if (day == 2) {
        accountAfterTwoDays = viewer.http().get("/account").body();
      }
      CLOCK.advance(Duration.ofDays(1));
      awaitReleased(T0.plus(Duration.ofDays(day)));
    }
  }

  @AfterAll
  static void stop() {
    daily.close();
  }

  /** Waits until the app's releaser has released the window that starts at {@code start}. */
  private static void awaitReleased(Instant start) throws Exception {
    long deadline = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < deadline) {
      JsonNode json = creatorJson(snapshot.accountId(0));
      for (JsonNode r : json.get("series").get(3).get("releases")) {
        if (r.get("windowStart").asText().equals(start.toString())
            && r.get("status").asText().equals("released")) {
          return;
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("window " + start + " was not released");
  }

  private static JsonNode creatorJson(String accountId) throws Exception {
    HttpResponse<String> r = daily.newSession().get("/api/v1/profiles/" + accountId + "/analytics");
    assertEquals(200, r.statusCode(), r.body());
    return JSON.readTree(r.body());
  }

  @Test
  void theViewersOwnPageSaysWhenTheirBudgetIsSpent() throws Exception {
    assertTrue(
        accountAfterTwoDays.contains("Your activity has been counted in 2 days of the at most 5"),
        "after two days");
    ApiClient viewer = ApiClient.logIn(daily, "budget_viewer", PASSWORD);
    String page = viewer.http().get("/account").body();
    assertTrue(page.contains("Your privacy budget for the statistics is spent"), "after six days");
    assertTrue(page.contains("counted in 5 days, the most it ever will be"));
    assertTrue(page.contains("nothing you do is counted in creators"));
  }

  @Test
  void adminAndAnalyticsPagesGiveTheRunningTotalAndTheBoundPerDay() throws Exception {
    ApiClient ops = ApiClient.logIn(daily, "ops", PASSWORD);
    String admin = ops.http().get("/admin").body();
    String dashboard = ops.http().get("/admin/analytics").body();
    String creator =
        daily.newSession().get("/profiles/" + snapshot.accountId(0) + "/analytics").body();
    for (String page : new String[] {admin, dashboard, creator}) {
      assertTrue(page.contains("ρ and ε measure how much the published statistics can reveal"));
      assertTrue(
          page.contains("So far 5 days or more of activity have been released"), "running total");
      assertTrue(page.contains("at most ρ 2.50 (ε ≈ 16.9)"), "capped at the bound");
      assertTrue(page.contains("The bound, for as long as this Lockerism runs: ρ 2.50"));
      assertTrue(page.contains("Each day in which a viewer is counted costs ρ 0.50"));
      assertFalse(page.contains("nothing about any one of them"), "no longer claimed");
    }
    assertTrue(dashboard.contains("at most 5 per viewer and day"), "bounds named per day");
    JsonNode life = creatorJson(snapshot.accountId(0)).get("viewerLifetime");
    assertEquals(5, life.get("windowsBound").asLong());
    assertEquals(5, life.get("windowsSoFar").asLong());
    assertEquals(2.5, life.get("rhoBound").asDouble(), 1e-12);
  }

  /**
   * Six released days of four series over a thousand profiles, most of which nobody touched: many
   * noisy values are negative. Every page shows them as 0.
   */
  @Test
  void noPageShowsANegativeCount() throws Exception {
    String withNegative = null;
    for (int i = 0; i < 200 && withNegative == null; i++) {
      JsonNode json = creatorJson(snapshot.accountId(i));
      for (JsonNode series : json.get("series")) {
        for (JsonNode r : series.get("releases")) {
          if (r.has("value") && r.get("value").asLong() < 0) {
            withNegative = snapshot.accountId(i);
          }
        }
      }
    }
    assertNotNull(withNegative, "some released value is negative (the API gives it unclamped)");
    String page = daily.newSession().get("/profiles/" + withNegative + "/analytics").body();
    Matcher m = NEGATIVE.matcher(page);
    assertFalse(m.find(), () -> "a negative number: …" + around(page, m.start()) + "…");
    assertTrue(page.contains("a count that the noise took below zero is shown as 0"));
    ApiClient ops = ApiClient.logIn(daily, "ops", PASSWORD);
    String dashboard = ops.http().get("/admin/analytics").body();
    Matcher d = NEGATIVE.matcher(dashboard);
    assertFalse(d.find(), () -> "a negative number: …" + around(dashboard, d.start()) + "…");
  }

  private static String around(String s, int i) {
    return s.substring(Math.max(0, i - 80), Math.min(s.length(), i + 40));
  }

  /** A one-minute deployment never says "day": its windows are minutes. */
  @Test
  void aOneMinuteWindowIsCalledAMinute() throws Exception {
    try (TestApp minute =
        TestApp.start(
            AppConfig.forDataDir(TestApp.tempDir())
                .withHost("127.0.0.1")
                .withPort(0)
                .withChain(ChainConfig.none())
                .withDpWindow(Duration.ofSeconds(60)))) {
      ApiClient viewer = ApiClient.signUp(minute, "minute_viewer", PASSWORD);
      String account = viewer.http().get("/account").body();
      String creator =
          minute
              .newSession()
              .get("/profiles/" + viewer.currentSnapshot().accountId(0) + "/analytics")
              .body();
      Pattern day = Pattern.compile("\\bdays?\\b", Pattern.CASE_INSENSITIVE);
      for (String page : new String[] {account, creator}) {
        Matcher m = day.matcher(page);
        assertFalse(m.find(), () -> "says day: …" + around(page, m.start()) + "…");
        assertTrue(page.contains("Each minute in which a viewer is counted costs ρ 0.50"));
        assertTrue(page.contains("after 5 minutes counted"));
      }
      assertTrue(account.contains("None of your activity has been counted in the statistics yet"));
      assertTrue(creator.contains("Windows last <span>1 min</span>"));
    }
  }
}
