package io.lockerism.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockerism.testing.ApiClient;
import io.lockerism.testing.Browser;
import io.lockerism.testing.BrowserFailures;
import io.lockerism.testing.HttpSession;
import io.lockerism.testing.TestApp;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Liked profiles never appear in request lines, which proxies and access logs keep: the server's
 * own Jetty request log records every line it receives while a real browser, a no-JavaScript client
 * and an API client like, unlike, ask "why" and log in with a like pressed while logged out; no
 * line may contain a liked profile's id.
 */
@ExtendWith(BrowserFailures.class)
class RequestLinesTest {

  private static final String PASSWORD = "a password for request lines";
  private static final Pattern ACCOUNT_FIELD =
      Pattern.compile("name=\"accountId\" value=\"([^\"]+)\"");

  private static TestApp app;
  private static final ConcurrentLinkedQueue<String> LINES = new ConcurrentLinkedQueue<>();

  @BeforeAll
  static void start() {
    app = TestApp.withSample();
    app.app()
        .setRequestLog(
            (request, response) ->
                LINES.add(request.getMethod() + " " + request.getHttpURI().getPathQuery()));
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void noRequestLineNamesALikedProfile() throws Exception {
    Set<String> liked = new LinkedHashSet<>();
    liked.addAll(browserWalk());
    liked.addAll(noScriptWalk());
    liked.addAll(apiWalk());

    // The log does see ids that are in a path: the check below can fail.
    String unliked = firstUnliked(liked);
    app.newSession().get("/api/v1/profiles/" + unliked);
    List<String> lines = settledLines();
    assertTrue(lines.stream().anyMatch(l -> l.contains(unliked)), "the request log sees paths");

    for (String expected :
        List.of(
            "POST /likes",
            "POST /likes/remove",
            "POST /for-you/why",
            "POST /login",
            "POST /api/v1/likes",
            "POST /api/v1/likes/remove")) {
      assertTrue(lines.contains(expected), expected + " was walked: " + lines);
    }
    List<String> leaks = new ArrayList<>();
    for (String line : lines) {
      String decoded = URLDecoder.decode(line, StandardCharsets.UTF_8);
      for (String id : liked) {
        if (decoded.contains(id)) {
          leaks.add(line + " names liked profile " + id);
        }
      }
    }
    assertTrue(leaks.isEmpty(), String.join("\n", leaks));
  }

  /** Likes from the catalog and the feed (htmx), "why", an unlike, and a like before log-in. */
  private static List<String> browserWalk() {
    List<String> liked = new ArrayList<>();
    Browser browser = Browser.open("request-lines", Browser.LAPTOP);
    WebDriver d = browser.driver();
    WebDriverWait wait = browser.waitUpTo(Duration.ofSeconds(60));
    d.get(app.baseUrl() + "/signup");
    d.findElement(By.id("username")).sendKeys("lines_browser");
    d.findElement(By.id("password")).sendKeys(PASSWORD);
    d.findElement(By.xpath("//button[normalize-space()='Sign up']")).click();
    wait.until(ExpectedConditions.urlContains("/for-you"));

    d.get(app.baseUrl() + "/catalog?q=%23travel");
    By first = By.cssSelector("#results .card:first-child .like-toggle");
    liked.add(d.findElement(first).getAttribute("id").substring("like-".length()));
    d.findElement(first).click();
    wait.until(ExpectedConditions.attributeToBe(first, "aria-pressed", "true"));

    d.get(app.baseUrl() + "/for-you");
    liked.add(
        d.findElement(By.cssSelector(".feed-card input[name=accountId]")).getAttribute("value"));
    d.findElement(By.cssSelector(".feed-card .like-toggle")).click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("likes-title"), "(2 of 100)"));
    d.findElement(By.cssSelector(".feed-card .why-details summary")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".why-slot .why")));
    d.findElement(By.cssSelector(".likes-list form button")).click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("likes-title"), "(1 of 100)"));

    // Logged out, a like leads to the log-in page and is applied after it.
    d.findElement(By.xpath("//button[normalize-space()='Log out']")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.linkText("Log in")));
    d.get(app.baseUrl() + "/catalog?q=%23travel");
    By second = By.cssSelector("#results .card:nth-child(2) .like-toggle");
    String pending = d.findElement(second).getAttribute("id").substring("like-".length());
    liked.add(pending);
    d.findElement(second).click();
    wait.until(ExpectedConditions.urlContains("/login"));
    assertTrue(d.findElement(By.id("main")).getText().contains("finish your like"));
    d.findElement(By.id("username")).sendKeys("lines_browser");
    d.findElement(By.id("password")).sendKeys(PASSWORD);
    d.findElement(By.xpath("//button[normalize-space()='Log in']")).click();
    wait.until(ExpectedConditions.urlContains("/catalog?q=%23travel"));
    assertEquals("true", d.findElement(By.id("like-" + pending)).getAttribute("aria-pressed"));
    return liked;
  }

  /** The forms as a browser without JavaScript posts them: like, unlike, like. */
  private static List<String> noScriptWalk() {
    HttpSession http = app.newSession();
    assertEquals(303, http.signUp("lines_plain", PASSWORD).statusCode());
    String page = "/catalog?q=%23fitness";
    List<String> ids = accountFields(http.get(page).body());
    List<String> liked = List.of(ids.get(0), ids.get(1));
    for (String id : liked) {
      HttpResponse<String> r =
          http.submitForm(page, "/likes", Map.of("accountId", id, "return", page));
      assertEquals(303, r.statusCode(), r.body());
    }
    HttpResponse<String> r =
        http.submitForm(page, "/likes/remove", Map.of("accountId", liked.get(0), "return", page));
    assertEquals(303, r.statusCode(), r.body());
    return liked;
  }

  private static List<String> apiWalk() {
    ApiClient api = ApiClient.signUp(app, "lines_api", PASSWORD);
    List<String> ids = accountFields(app.newSession().get("/catalog?q=%23food").body());
    List<String> liked = List.of(ids.get(0), ids.get(1), ids.get(2));
    liked.forEach(api::like);
    api.unlike(liked.get(1));
    assertEquals(List.of(liked.get(0), liked.get(2)), api.likes());
    return liked;
  }

  private static List<String> accountFields(String html) {
    List<String> ids = new ArrayList<>();
    Matcher m = ACCOUNT_FIELD.matcher(html);
    while (m.find()) {
      ids.add(m.group(1));
    }
    assertTrue(ids.size() >= 3, "the page lists profiles to like");
    return ids;
  }

  private static String firstUnliked(Set<String> liked) {
    return accountFields(app.newSession().get("/catalog?q=%23music").body()).stream()
        .filter(id -> !liked.contains(id))
        .findFirst()
        .orElseThrow();
  }

  /**
   * Jetty logs a request once its response is complete, which can be just after the client has it;
   * a last request that is seen in the log means every earlier one is in it too.
   */
  private static List<String> settledLines() throws InterruptedException {
    String marker = "/healthz?settled";
    app.newSession().get(marker);
    for (int i = 0; i < 100 && !LINES.contains("GET " + marker); i++) {
      Thread.sleep(50); // waits for Jetty's request log, not for time to pass
    }
    assertTrue(LINES.contains("GET " + marker), "the request log is written");
    return List.copyOf(LINES);
  }
}
