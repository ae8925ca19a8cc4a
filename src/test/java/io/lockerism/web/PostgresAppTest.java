package io.lockerism.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lockerism.config.AppConfig;
import io.lockerism.config.ChainConfig;
import io.lockerism.testing.HttpSession;
import io.lockerism.testing.PostgresTestDatabase;
import io.lockerism.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The same jar on PostgreSQL: migrations, sample import, search and accounts. */
class PostgresAppTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static TestApp app;

  @BeforeAll
  static void start() {
    PostgresTestDatabase.reset();
    app =
        TestApp.start(
            AppConfig.forDataDir(TestApp.tempDir())
                .withHost("127.0.0.1")
                .withPort(0)
                .withChain(ChainConfig.none())
                .withDatabase(
                    PostgresTestDatabase.url(),
                    PostgresTestDatabase.user(),
                    PostgresTestDatabase.password()));
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void catalogSearchFiltersAndPagingWorkOnPostgres() throws Exception {
    HttpSession web = app.newSession();
    JsonNode all = JSON.readTree(web.get("/api/v1/profiles").body());
    assertEquals(1000, all.get("total").asLong());
    JsonNode tagged =
        JSON.readTree(
            web.get(
                    "/api/v1/profiles?q=%23fitness&verified=false"
                        + "&minFollowers=100&sort=name-asc&page=1")
                .body());
    assertTrue(tagged.get("total").asLong() > 0);
    tagged
        .get("items")
        .forEach(
            p -> assertTrue(!p.get("verified").asBoolean() && p.get("followers").asLong() >= 100));
    JsonNode underscore = JSON.readTree(web.get("/api/v1/profiles?q=%25_").body());
    assertEquals(0, underscore.get("total").asLong(), "LIKE wildcards in queries are literal");
  }

  @Test
  void signUpAndLogInWorkOnPostgres() {
    HttpSession browser = app.newSession();
    assertEquals(303, browser.signUp("pg_user", "a long postgres password").statusCode());
    HttpSession other = app.newSession();
    assertEquals(401, other.logIn("pg_user", "wrong password!").statusCode());
    assertEquals(303, other.logIn("pg_user", "a long postgres password").statusCode());
    assertTrue(other.get("/catalog").body().contains("@pg_user"));
  }
}
