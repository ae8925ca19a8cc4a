package io.lockerism.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lockerism.testing.HttpSession;
import io.lockerism.testing.TestApp;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AuthWebTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static TestApp app;

  @BeforeAll
  static void start() {
    app = TestApp.empty();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void signUpLogsInAndLogOutEndsTheSession() {
    HttpSession browser = app.newSession();
    HttpResponse<String> signUp = browser.signUp("dana", "a long enough password");
    assertEquals(303, signUp.statusCode());
    assertTrue(browser.get("/catalog").body().contains("@dana"), "header names the viewer");

    String token = browser.csrfTokenFrom("/catalog");
    HttpResponse<String> logout = browser.postForm("/logout", Map.of("_csrf", token));
    assertEquals(303, logout.statusCode());
    assertFalse(browser.get("/catalog").body().contains("@dana"));
  }

  @Test
  void logInWithTheRightPasswordOnlyAndTheSessionIdRotates() {
    app.newSession().signUp("erin", "erin's secret phrase");
    HttpSession browser = app.newSession();
    browser.get("/login");
    String anonymousId = browser.cookie(WebSessions.COOKIE);

    HttpResponse<String> wrong = browser.logIn("erin", "not the password");
    assertEquals(401, wrong.statusCode());
    assertTrue(wrong.body().contains("Wrong username or password."));

    HttpResponse<String> right = browser.logIn("Erin", "erin's secret phrase");
    assertEquals(303, right.statusCode());
    assertNotEquals(anonymousId, browser.cookie(WebSessions.COOKIE), "no session fixation");
    assertTrue(browser.get("/catalog").body().contains("@erin"));
  }

  @Test
  void sessionCookieIsHttpOnlyAndSameSiteLax() {
    HttpResponse<String> page = app.newSession().get("/login");
    String setCookie = page.headers().firstValue("Set-Cookie").orElseThrow();
    assertTrue(setCookie.startsWith(WebSessions.COOKIE + "="), setCookie);
    assertTrue(setCookie.contains("HttpOnly"), setCookie);
    assertTrue(setCookie.contains("SameSite=Lax"), setCookie);
    assertFalse(setCookie.contains("Secure"), "not Secure unless HTTPS is configured");
  }

  @Test
  void formPostsWithoutOrWithAWrongCsrfTokenAreRefused() {
    HttpSession browser = app.newSession();
    browser.get("/signup");
    HttpResponse<String> none =
        browser.postForm(
            "/signup", Map.of("username", "mallory", "password", "a long enough password"));
    assertEquals(403, none.statusCode());
    HttpResponse<String> forged =
        browser.postForm(
            "/signup",
            Map.of("username", "mallory", "password", "a long enough password", "_csrf", "forged"));
    assertEquals(403, forged.statusCode());
    assertTrue(forged.body().contains("CSRF"));
    assertEquals(
        401,
        app.newSession().logIn("mallory", "a long enough password").statusCode(),
        "the refused sign-up created no account");
  }

  @Test
  void htmxRequestsCarryTheTokenInAHeader() {
    HttpSession browser = app.newSession();
    browser.signUp("hana", "hana's long password");
    String token = browser.csrfTokenFrom("/catalog");
    assertEquals(403, browser.delete("/api/v1/session").statusCode());
    assertEquals(204, browser.delete("/api/v1/session", "X-CSRF-Token", token).statusCode());
    assertEquals(401, browser.get("/api/v1/session").statusCode());
  }

  @Test
  void apiSignUpLogInAndLogOut() throws Exception {
    HttpSession client = app.newSession();
    HttpResponse<String> created =
        client.postJson(
            "/api/v1/accounts", "{\"username\":\"ivy\",\"password\":\"ivy's long password\"}");
    assertEquals(201, created.statusCode(), created.body());

    HttpSession other = app.newSession();
    HttpResponse<String> login =
        other.postJson(
            "/api/v1/session", "{\"username\":\"ivy\",\"password\":\"ivy's long password\"}");
    assertEquals(200, login.statusCode());
    JsonNode body = JSON.readTree(login.body());
    assertEquals("ivy", body.get("username").asText());
    String token = body.get("csrfToken").asText();
    assertEquals(200, other.get("/api/v1/session").statusCode());
    assertEquals(204, other.delete("/api/v1/session", "X-CSRF-Token", token).statusCode());

    HttpResponse<String> duplicate =
        app.newSession()
            .postJson(
                "/api/v1/accounts",
                "{\"username\":\"ivy\",\"password\":\"another long password\"}");
    assertEquals(409, duplicate.statusCode());
    assertTrue(JSON.readTree(duplicate.body()).get("error").asText().contains("taken"));
  }

  @Test
  void apiLogInNeedsJsonSoCrossSiteFormsCannotLogSomeoneIn() {
    HttpResponse<String> form =
        app.newSession()
            .postForm(
                "/api/v1/session", Map.of("username", "ivy", "password", "ivy's long password"));
    assertEquals(403, form.statusCode());
  }

  @Test
  void badInputGetsClearJsonErrorsWithoutStackTraces() throws Exception {
    HttpResponse<String> junk = app.newSession().postJson("/api/v1/session", "{not json");
    assertEquals(400, junk.statusCode());
    JsonNode error = JSON.readTree(junk.body());
    assertNotNull(error.get("error"));
    assertFalse(junk.body().contains("at io."), "no stack trace");

    HttpResponse<String> weak =
        app.newSession()
            .postJson("/api/v1/accounts", "{\"username\":\"weak\",\"password\":\"short\"}");
    assertEquals(400, weak.statusCode());
    assertTrue(weak.body().contains("at least") || weak.body().contains("characters"));
  }

  @Test
  void repeatedFailedLogInsAreThrottled() {
    app.newSession().signUp("jules", "jules' long password");
    HttpSession attacker = app.newSession();
    for (int i = 0; i < io.lockerism.account.LoginThrottle.FREE_PER_ACCOUNT_AND_ADDRESS; i++) {
      assertEquals(401, attacker.logIn("jules", "guess " + i).statusCode());
    }
    // On the real clock a slow machine may pass a short delay between two guesses, but each
    // failure doubles it (2, 4, 8, 16 s…), so one of a few more guesses is refused.
    HttpResponse<String> blocked = null;
    for (int i = 0; i < 6 && (blocked == null || blocked.statusCode() != 429); i++) {
      blocked = attacker.logIn("jules", "another guess " + i);
    }
    assertEquals(429, blocked.statusCode());
    assertTrue(blocked.body().contains("Too many failed attempts"));
    assertTrue(blocked.headers().firstValue("Retry-After").isPresent());
  }

  @Test
  void passwordsAreStoredOnlyAsArgon2idHashes() throws Exception {
    app.newSession().signUp("kim", "kim's very own password");
    try (Connection c =
            DriverManager.getConnection(
                io.lockerism.config.AppConfig.sharedDbUrl(app.dataDir()), "sa", "");
        ResultSet rs =
            c.createStatement()
                .executeQuery("SELECT password_hash FROM accounts WHERE username = 'kim'")) {
      rs.next();
      String hash = rs.getString(1);
      assertTrue(hash.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), hash);
      assertFalse(hash.contains("kim's very own password"));
    }
  }
}
