package io.lockerism.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockerism.config.AppConfig;
import io.lockerism.testing.Browser;
import io.lockerism.testing.BrowserFailures;
import io.lockerism.testing.TestApp;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebDriver;

/**
 * Profile pictures when the operator allows their host (--picture-host): lazy images over the
 * initials, the host (and only it) in the CSP's img-src, and the initials back when a picture fails
 * to load. The browser never reaches the picture host: the test blocks it, which is also how a
 * picture that is gone or unreachable behaves.
 */
@ExtendWith(BrowserFailures.class)
class BrowserPicturesTest {

  private static TestApp app;

  @BeforeAll
  static void start() {
    AppConfig c = TestApp.config(true);
    app = TestApp.start(c.withSecurity(c.security().withPictureHosts(Set.of("*.tiktokcdn.com"))));
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  static Stream<Arguments> screens() {
    return Stream.of(Arguments.of("laptop", Browser.LAPTOP), Arguments.of("phone", Browser.PHONE));
  }

  @Test
  void allowedPicturesAreLazyNoReferrerImagesAndTheirHostIsInTheCsp() {
    HttpResponse<String> page = app.newSession().get("/catalog");
    String csp = page.headers().firstValue("Content-Security-Policy").orElse("");
    assertTrue(csp.contains("img-src 'self' data: https://*.tiktokcdn.com;"), csp);
    String html = page.body();
    assertTrue(html.contains("class=\"avatar-picture\""), "pictures are shown");
    assertTrue(html.contains("loading=\"lazy\""));
    assertTrue(html.contains("referrerpolicy=\"no-referrer\""));
    assertTrue(html.contains("class=\"avatar-initials\""), "the initials stay beneath");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("screens")
  void aPictureThatFailsToLoadLeavesTheInitials(String screen, Dimension size) {
    Browser browser = Browser.open("pictures-" + screen, size);
    WebDriver d = browser.driver();
    browser.driver().executeCdpCommand("Network.enable", Map.of());
    browser
        .driver()
        .executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of("*tiktokcdn.com*")));
    d.get(app.baseUrl() + "/catalog");
    browser
        .waitUpTo(Duration.ofSeconds(20))
        .until(
            x ->
                x.findElements(By.cssSelector("#results .card:first-child .avatar-picture"))
                    .isEmpty());
    // Lazy pictures further down are only fetched (and fail) as they near the viewport; the
    // initials are there for every card all along.
    List<String> initials =
        d.findElements(By.cssSelector("#results .avatar-initials")).stream()
            .map(e -> e.getText())
            .toList();
    assertEquals(d.findElements(By.cssSelector("#results .card")).size(), initials.size());
    assertTrue(initials.stream().allMatch(t -> !t.isBlank()), initials.toString());
    browser.screenshot("catalog-picture-fallback");
    browser.assertAccessible("catalog-picture-fallback");
    browser.assertNoSidewaysScroll("catalog-picture-fallback");
  }
}
