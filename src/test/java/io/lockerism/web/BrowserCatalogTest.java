package io.lockerism.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockerism.testing.Browser;
import io.lockerism.testing.BrowserFailures;
import io.lockerism.testing.TestApp;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The catalog in a real browser: search, filters and paging swap the results in place (htmx) and
 * keep the address bar in step, so Back and a reload show the same results. Also runs the
 * accessibility check on the pages a visitor sees before signing in.
 */
@ExtendWith(BrowserFailures.class)
class BrowserCatalogTest {

  private static final Pattern SUMMARY =
      Pattern.compile("Showing ([\\d,]+)–([\\d,]+) of ([\\d,]+) creators");

  private static TestApp app;

  @BeforeAll
  static void start() {
    app = TestApp.withSample();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void searchFiltersAndPagingSwapTheResultsAndKeepTheAddressBarInStep() {
    Browser browser = Browser.open("catalog", Browser.LAPTOP);
    WebDriver d = browser.driver();
    WebDriverWait wait = browser.waitUpTo(Duration.ofSeconds(15));
    d.get(app.baseUrl() + "/catalog");
    int all = summary(d)[2];
    assertEquals(1_000, all, "the sample catalog");
    browser.screenshot("catalog");

    // Paging: Next swaps in the second page, the pager marks it, Back returns to the first.
    d.findElement(By.linkText("Next →")).click();
    wait.until(ExpectedConditions.urlContains("page=2"));
    wait.until(driver -> summary(driver)[0] > 1);
    int[] second = summary(d);
    assertEquals(all, second[2]);
    assertEquals("2", d.findElement(By.cssSelector(".pager [aria-current=page]")).getText());
    assertEquals(
        second[1] - second[0] + 1, d.findElements(By.cssSelector("#results .card")).size());
    browser.screenshot("page-2");
    d.navigate().back();
    wait.until(driver -> !driver.getCurrentUrl().contains("page=2"));
    wait.until(driver -> summary(driver)[0] == 1);
    assertEquals("1", d.findElement(By.cssSelector(".pager [aria-current=page]")).getText());

    // Filter: verified only. Every card shown carries the badge, and there are fewer of them.
    new Select(d.findElement(By.id("verified"))).selectByVisibleText("Verified only");
    wait.until(ExpectedConditions.urlContains("verified=true"));
    wait.until(driver -> summary(driver)[2] < all);
    List<WebElement> cards = d.findElements(By.cssSelector("#results .card"));
    assertTrue(cards.size() > 0, "the sample has verified creators");
    for (WebElement card : cards) {
      assertEquals(1, card.findElements(By.cssSelector(".badge")).size(), card.getText());
    }
    int verified = summary(d)[2];
    browser.screenshot("verified-only");

    // Filter: a follower floor, committed with Enter. Every card is at or above it.
    WebElement min = d.findElement(By.id("minFollowers"));
    min.sendKeys("1000000", Keys.ENTER);
    wait.until(ExpectedConditions.urlContains("minFollowers=1000000"));
    wait.until(driver -> summary(driver)[2] < verified);
    for (WebElement followers :
        d.findElements(
            By.xpath("//*[@id='results']//*[contains(@class,'card-stats')]/span[1]/strong"))) {
      assertTrue(count(followers.getText()) >= 1_000_000, followers.getText());
    }
    browser.screenshot("verified-over-a-million");

    // Search on top of the filters; then a search that matches nothing says so and offers a way
    // out.
    WebElement q = d.findElement(By.id("q"));
    q.sendKeys("#fitness");
    wait.until(ExpectedConditions.urlContains("q=%23fitness"));
    wait.until(ExpectedConditions.urlContains("verified=true"));
    q.clear();
    q.sendKeys("zzqx-no-such-creator");
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("results"), "No creators match"));
    browser.screenshot("no-match");
    assertEquals(1, d.findElements(By.tagName("h1")).size(), "swapped, not nested");

    // The address bar holds the whole query: a reload shows the same (empty) result and form.
    d.navigate().refresh();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("results"), "No creators match"));
    assertEquals("zzqx-no-such-creator", d.findElement(By.id("q")).getAttribute("value"));
    assertEquals("1000000", d.findElement(By.id("minFollowers")).getAttribute("value"));
    d.findElement(By.linkText("Clear filters")).click();
    wait.until(driver -> summary(driver)[2] == all);
  }

  @Test
  void publicPagesHaveNoSeriousAccessibilityViolations() {
    for (var size : List.of(Browser.LAPTOP, Browser.PHONE)) {
      Browser browser = Browser.open("a11y-public", size);
      WebDriver d = browser.driver();
      d.get(app.baseUrl() + "/catalog?q=%23fitness");
      browser.screenshot("catalog");
      browser.assertAccessible("catalog");
      d.findElement(By.cssSelector("#results .card a")).click();
      browser.waitUpTo(Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("/profiles/"));
      browser.screenshot("profile");
      browser.assertAccessible("profile");
      d.get(app.baseUrl() + "/signup");
      browser.screenshot("signup");
      browser.assertAccessible("signup");
      d.get(app.baseUrl() + "/login");
      d.findElement(By.id("username")).sendKeys("nobody_here");
      d.findElement(By.id("password")).sendKeys("not a real password", Keys.ENTER);
      browser
          .waitUpTo(Duration.ofSeconds(10))
          .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[role=alert]")));
      browser.screenshot("login-error");
      browser.assertAccessible("login-with-error");
      d.get(app.baseUrl() + "/no/such/page");
      assertTrue(d.findElement(By.tagName("h1")).getText().contains("Nothing here"));
      browser.screenshot("404");
      browser.assertAccessible("404");
      d.get(app.baseUrl() + "/ledger");
      browser.assertAccessible("ledger-without-chain");
      browser.close();
    }
  }

  @Test
  void theAccessibilityCheckFailsOnSeriousViolations() {
    Browser browser = Browser.open("a11y-self-check", Browser.LAPTOP);
    browser
        .driver()
        .get(
            "data:text/html,<!DOCTYPE html><html lang=en><title>t</title><main>"
                + "<h1>Bad</h1><img src=x.png><input type=text></main></html>");
    AssertionError e =
        org.junit.jupiter.api.Assertions.assertThrows(
            AssertionError.class, () -> browser.assertAccessible("deliberately-broken"));
    assertTrue(e.getMessage().contains("image-alt"), e.getMessage());
    assertTrue(e.getMessage().contains("label"), e.getMessage());
  }

  /** First and last item numbers and the total in "Showing 1–24 of 1,000 creators". */
  private static int[] summary(WebDriver d) {
    for (int attempt = 0; ; attempt++) {
      try {
        List<WebElement> s = d.findElements(By.cssSelector(".result-summary"));
        if (s.isEmpty()) {
          return new int[] {0, 0, 0};
        }
        Matcher m = SUMMARY.matcher(s.get(0).getText());
        if (!m.find()) {
          throw new AssertionError("unexpected summary: " + s.get(0).getText());
        }
        return new int[] {num(m.group(1)), num(m.group(2)), num(m.group(3))};
      } catch (org.openqa.selenium.StaleElementReferenceException e) {
        if (attempt == 5) {
          throw e;
        }
      }
    }
  }

  private static int num(String s) {
    return Integer.parseInt(s.replace(",", ""));
  }

  /** Undoes Formats.count ("1.2M", "950K", "12"), to within its rounding. */
  private static double count(String shown) {
    char unit = shown.charAt(shown.length() - 1);
    double scale =
        switch (unit) {
          case 'K' -> 1e3;
          case 'M' -> 1e6;
          case 'B' -> 1e9;
          default -> 1;
        };
    String digits = scale == 1 ? shown : shown.substring(0, shown.length() - 1);
    return Double.parseDouble(digits) * scale * 1.05;
  }
}
