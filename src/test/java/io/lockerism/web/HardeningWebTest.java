package io.lockerism.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockerism.account.LoginThrottle;
import io.lockerism.config.SecurityConfig;
import io.lockerism.testing.HttpSession;
import io.lockerism.testing.MutableClock;
import io.lockerism.testing.TestApp;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Abuse limits against a real server behind a (pretend) trusted proxy on 127.0.0.1, on a clock the
 * test moves: throttling, redirects after log-in, password changes.
 */
class HardeningWebTest {

  private static final MutableClock CLOCK = new MutableClock();
  private static TestApp app;

  @BeforeAll
  static void start() {
    app =
        TestApp.start(
            TestApp.config(false)
                .withSecurity(SecurityConfig.defaults().withTrustedProxies(Set.of("127.0.0.1"))),
            CLOCK);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static String json(String user, String password) {
    return "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}";
  }

  @Test
  void aNextParameterThatBrowsersWouldReadAsAnotherSiteIsIgnored() {
    app.newSession().signUp("nina", "nina's long password");
    for (String next :
        List.of(
            "%2F%09%2F127.0.0.1:28999%2Fpwned",
            "%2F%5C127.0.0.1",
            "%2F%2F127.0.0.1",
            "https:%2F%2Fevil.example",
            "%2F%0A%2Fevil",
            "%2F%20%2Fevil")) {
      HttpSession browser = app.newSession();
      String page = browser.get("/login?next=" + next).body();
      assertFalse(page.contains("127.0.0.1:28999"), "the page does not carry it either");
      String token = browser.csrfTokenFrom("/login");
      HttpResponse<String> login =
          browser.postForm(
              "/login",
              Map.of(
                  "username",
                  "nina",
                  "password",
                  "nina's long password",
                  "_csrf",
                  token,
                  "next",
                  java.net.URLDecoder.decode(next, java.nio.charset.StandardCharsets.UTF_8)));
      assertEquals(303, login.statusCode(), next);
      assertEquals("/catalog", login.headers().firstValue("Location").orElseThrow(), next);
    }
    HttpSession browser = app.newSession();
    String token = browser.csrfTokenFrom("/login");
    HttpResponse<String> same =
        browser.postForm(
            "/login",
            Map.of(
                "username",
                "nina",
                "password",
                "nina's long password",
                "_csrf",
                token,
                "next",
                "/profiles/3?x=1"));
    assertEquals(
        "/profiles/3?x=1",
        same.headers().firstValue("Location").orElseThrow(),
        "a same-site path is kept");
  }

  @Test
  void parallelGuessesAreNeverEvaluatedBeyondTheLimitAndTheOwnerElsewhereStillGetsIn()
      throws Exception {
    app.newSession().postJson("/api/v1/accounts", json("olga", "olga's long password"));
    String attacker = "203.0.113.5";
    ExecutorService pool = Executors.newFixedThreadPool(16);
    List<Future<HttpResponse<String>>> guesses = new ArrayList<>();
    for (int i = 0; i < 80; i++) {
      String guess = "guess number " + i;
      guesses.add(
          pool.submit(
              () ->
                  app.newSession()
                      .postJson(
                          "/api/v1/session", json("olga", guess), "X-Forwarded-For", attacker)));
    }
    int evaluated = 0;
    int throttled = 0;
    for (Future<HttpResponse<String>> f : guesses) {
      HttpResponse<String> r = f.get();
      if (r.statusCode() == 401) {
        evaluated++;
      } else {
        assertEquals(429, r.statusCode(), r.body());
        assertTrue(Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow()) >= 1);
        throttled++;
      }
    }
    pool.shutdown();
    assertEquals(LoginThrottle.FREE_PER_ACCOUNT_AND_ADDRESS, evaluated, "no more than the limit");
    assertEquals(80 - evaluated, throttled);

    HttpResponse<String> owner =
        app.newSession()
            .postJson(
                "/api/v1/session",
                json("olga", "olga's long password"),
                "X-Forwarded-For",
                "198.51.100.7");
    assertEquals(200, owner.statusCode(), "the right password from elsewhere still works");
    HttpResponse<String> ownerViaAttacker =
        app.newSession()
            .postJson(
                "/api/v1/session",
                json("olga", "olga's long password"),
                "X-Forwarded-For",
                attacker);
    assertEquals(429, ownerViaAttacker.statusCode(), "the attacking address waits");
  }

  @Test
  void aBurstOfRightPasswordsFromOneAddressIsNeverRefused() throws Exception {
    int viewers = LoginThrottle.FREE_PER_ADDRESS + 5;
    for (int i = 0; i < viewers; i++) {
      app.newSession().postJson("/api/v1/accounts", json("burst" + i, "burst's long password"));
    }
    String office = "203.0.113.77";
    ExecutorService pool = Executors.newFixedThreadPool(viewers);
    List<Future<HttpResponse<String>>> logins = new ArrayList<>();
    for (int i = 0; i < viewers; i++) {
      String name = "burst" + i;
      logins.add(
          pool.submit(
              () ->
                  app.newSession()
                      .postJson(
                          "/api/v1/session",
                          json(name, "burst's long password"),
                          "X-Forwarded-For",
                          office)));
    }
    for (int i = 0; i < 2 * LoginThrottle.FREE_PER_ACCOUNT_AND_ADDRESS; i++) {
      logins.add(
          pool.submit(
              () ->
                  app.newSession()
                      .postJson(
                          "/api/v1/session",
                          json("burst0", "burst's long password"),
                          "X-Forwarded-For",
                          office)));
    }
    for (Future<HttpResponse<String>> f : logins) {
      assertEquals(200, f.get().statusCode(), f.get().body());
    }
    pool.shutdown();
  }

  @Test
  void theDelayGrowsWithEachFurtherFailure() {
    app.newSession().postJson("/api/v1/accounts", json("pavel", "pavel's long password"));
    String from = "203.0.113.9";
    for (int i = 0; i < LoginThrottle.FREE_PER_ACCOUNT_AND_ADDRESS; i++) {
      assertEquals(
          401,
          app.newSession()
              .postJson("/api/v1/session", json("pavel", "wrong " + i), "X-Forwarded-For", from)
              .statusCode());
    }
    long previous = 0;
    for (int round = 0; round < 4; round++) {
      HttpResponse<String> refused =
          app.newSession()
              .postJson("/api/v1/session", json("pavel", "wrong again"), "X-Forwarded-For", from);
      assertEquals(429, refused.statusCode());
      long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
      assertTrue(retryAfter > previous, retryAfter + " after " + previous);
      previous = retryAfter;
      CLOCK.advance(Duration.ofSeconds(retryAfter));
      assertEquals(
          401,
          app.newSession()
              .postJson("/api/v1/session", json("pavel", "wrong"), "X-Forwarded-For", from)
              .statusCode());
    }
  }

  @Test
  void aPasswordChangeIsThrottledAndEndsTheOtherSessions() {
    HttpSession laptop = app.newSession();
    laptop.signUp("quinn", "quinn's long password");
    HttpSession phone = app.newSession();
    assertEquals(303, phone.logIn("quinn", "quinn's long password").statusCode());
    assertEquals(200, phone.get("/account").statusCode());

    for (int i = 0; i < LoginThrottle.FREE_PER_ACCOUNT_AND_ADDRESS; i++) {
      assertEquals(
          401,
          laptop
              .submitForm(
                  "/account",
                  "/account/password",
                  Map.of("currentPassword", "not it " + i, "newPassword", "a new long password"))
              .statusCode());
    }
    HttpResponse<String> refused =
        laptop.submitForm(
            "/account",
            "/account/password",
            Map.of(
                "currentPassword", "quinn's long password", "newPassword", "a new long password"));
    assertEquals(429, refused.statusCode());
    assertTrue(refused.headers().firstValue("Retry-After").isPresent());

    CLOCK.advance(LoginThrottle.BASE_DELAY);
    HttpResponse<String> changed =
        laptop.submitForm(
            "/account",
            "/account/password",
            Map.of(
                "currentPassword", "quinn's long password", "newPassword", "a new long password"));
    assertEquals(200, changed.statusCode());
    assertEquals(200, laptop.get("/account").statusCode(), "this session goes on");
    assertNotEquals(200, phone.get("/account").statusCode(), "the other one has ended");
  }

  @Test
  void forwardedForIsIgnoredFromAnUntrustedPeer() {
    try (TestApp direct = TestApp.start(TestApp.config(false), CLOCK)) {
      direct.newSession().postJson("/api/v1/accounts", json("rosa", "rosa's long password"));
      for (int i = 0; i < LoginThrottle.FREE_PER_ACCOUNT_AND_ADDRESS; i++) {
        direct
            .newSession()
            .postJson(
                "/api/v1/session", json("rosa", "wrong " + i), "X-Forwarded-For", "203.0.113." + i);
      }
      HttpResponse<String> spoofed =
          direct
              .newSession()
              .postJson(
                  "/api/v1/session",
                  json("rosa", "wrong again"),
                  "X-Forwarded-For",
                  "203.0.113.99");
      assertEquals(429, spoofed.statusCode(), "a made-up X-Forwarded-For changes nothing");
    }
  }
}
