package io.lockerism.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockerism.config.AppConfig;
import io.lockerism.config.ChainConfig;
import io.lockerism.model.Snapshot;
import io.lockerism.testing.ApiClient;
import io.lockerism.testing.Browser;
import io.lockerism.testing.BrowserFailures;
import io.lockerism.testing.TestApp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * A creator's analytics page and the operator's dashboard in a real browser, at laptop and phone
 * size, after several viewers' activity was released (2-second windows): SVG charts with values,
 * intervals and the budget, and no serious accessibility violation.
 */
@ExtendWith(BrowserFailures.class)
class BrowserAnalyticsTest {

  private static final Duration WINDOW = Duration.ofSeconds(2);
  private static final String PASSWORD = "a long enough password";
  private static TestApp app;
  private static String profile;

  @BeforeAll
  static void start() throws Exception {
    AppConfig config =
        AppConfig.forDataDir(TestApp.tempDir())
            .withHost("127.0.0.1")
            .withPort(0)
            .withChain(ChainConfig.none())
            .withDpWindow(WINDOW);
    // Operator rights go to accounts that exist when the app starts.
    try (TestApp setup = TestApp.start(config)) {
      ApiClient.signUp(setup, "dash_ops", PASSWORD);
    }
    app = TestApp.start(config.withOperators(Set.of("dash_ops")));
    long w = WINDOW.toSeconds();
    Thread.sleep(
        Math.max(
            0,
            (Instant.now().getEpochSecond() / w + 1) * w * 1000
                - System.currentTimeMillis()
                + 100));
    for (String name : List.of("chart_viewer_a", "chart_viewer_b", "chart_viewer_c")) {
      ApiClient viewer = ApiClient.signUp(app, name, PASSWORD);
      Snapshot s = viewer.currentSnapshot();
      profile = s.accountId(42);
      viewer.like(profile);
      viewer.feed(20);
    }
    Thread.sleep(2 * WINDOW.toMillis() + 1_000); // the activity's window ends and is released
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void aCreatorsAnalyticsPageShowsChartsWithIntervalsAndBudget() {
    for (Dimension size : List.of(Browser.LAPTOP, Browser.PHONE)) {
      Browser browser = Browser.open("analytics-creator", size);
      WebDriver d = browser.driver();
      d.get(app.baseUrl() + "/profiles/" + profile);
      d.findElement(By.id("analytics-link")).click();
      browser.waitUpTo(Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("/analytics"));
      // The newest window may be in the middle of its release: reload until it is done.
      browser
          .waitUpTo(Duration.ofSeconds(10))
          .until(
              driver -> {
                if (driver.findElement(By.id("budget-state")).getText().contains("0.000 left")) {
                  return true;
                }
                driver.navigate().refresh();
                return false;
              });
      List<WebElement> charts = d.findElements(By.cssSelector("figure.chart"));
      assertEquals(4, charts.size(), "appearances, top 5, likes, unlikes");
      WebElement likes = d.findElement(By.id("chart-likes"));
      assertTrue(
          likes.findElement(By.cssSelector(".chart-value")).getText().matches("\\d+"),
          "a count is shown as 0 or more");
      assertTrue(likes.getText().contains("95 % interval"), likes.getText());
      assertTrue(likes.getText().contains("true count plus random noise"), likes.getText());
      assertFalse(
          likes.findElements(By.cssSelector("svg.release-chart circle.chart-dot")).isEmpty(),
          "a dot per released window");
      String budget = d.findElement(By.id("budget-state")).getText();
      assertTrue(budget.contains("0.300 spent") && budget.contains("0.000 left"), budget);
      browser.screenshot("creator-analytics");
      browser.assertAccessible("creator-analytics");
      browser.assertNoSidewaysScroll("creator-analytics");
      browser.close();
    }
  }

  @Test
  void theOperatorDashboardShowsDpChartsAndSystemFigures() {
    for (Dimension size : List.of(Browser.LAPTOP, Browser.PHONE)) {
      Browser browser = Browser.open("analytics-dashboard", size);
      WebDriver d = browser.driver();
      d.get(app.baseUrl() + "/login");
      d.findElement(By.id("username")).sendKeys("dash_ops");
      d.findElement(By.id("password")).sendKeys(PASSWORD, Keys.ENTER);
      browser
          .waitUpTo(Duration.ofSeconds(15))
          .until(driver -> !driver.getCurrentUrl().contains("/login"));
      d.get(app.baseUrl() + "/admin");
      d.findElement(By.id("dashboard-link")).click();
      browser
          .waitUpTo(Duration.ofSeconds(10))
          .until(ExpectedConditions.urlContains("/admin/analytics"));
      assertEquals(5, d.findElements(By.cssSelector("figure.chart")).size());
      assertEquals("1,000", d.findElement(By.id("system-profiles")).getText());
      assertTrue(d.findElement(By.id("chart-viewers")).getText().contains("Active viewers"));
      browser.screenshot("dashboard");
      browser.assertAccessible("dashboard");
      browser.assertNoSidewaysScroll("dashboard");
      browser.close();
    }
  }
}
