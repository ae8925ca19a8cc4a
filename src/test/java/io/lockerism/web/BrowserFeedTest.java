package io.lockerism.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockerism.testing.Browser;
import io.lockerism.testing.BrowserFailures;
import io.lockerism.testing.TestApp;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** A new viewer in a real browser: like from a profile, watch the For-You feed follow, ask why. */
@ExtendWith(BrowserFailures.class)
class BrowserFeedTest {

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
  void likesFromProfilesAndTheFeedShapeTheForYouPage() {
    try (Browser browser = Browser.open("feed", Browser.LAPTOP)) {
      WebDriver d = browser.driver();
      WebDriverWait wait = browser.waitUpTo(Duration.ofSeconds(15));
      d.get(app.baseUrl() + "/signup");
      d.findElement(By.id("username")).sendKeys("feed_viewer");
      d.findElement(By.id("password")).sendKeys("a password for the feed");
      d.findElement(By.xpath("//button[normalize-space()='Sign up']")).click();
      wait.until(ExpectedConditions.urlContains("/for-you"));
      assertTrue(d.getPageSource().contains("You have not liked anyone yet"));
      browser.screenshot("cold-start");

      // Like a creator from its profile page: the button toggles in place (htmx).
      d.get(app.baseUrl() + "/catalog?q=%23fitness");
      d.findElement(By.cssSelector("#results .card a")).click();
      WebElement like = d.findElement(By.xpath("//button[contains(., 'Like')]"));
      like.click();
      wait.until(
          ExpectedConditions.attributeToBe(
              By.cssSelector(".like-form button"), "aria-pressed", "true"));
      browser.screenshot("liked-profile");

      d.get(app.baseUrl() + "/for-you");
      wait.until(
          ExpectedConditions.textToBePresentInElementLocated(By.id("likes-title"), "(1 of 100)"));
      String firstBefore = firstCardName(d);

      // Like the top card of the feed: the feed swaps in place and the liked one leaves it.
      d.findElements(By.cssSelector(".feed-card form button")).get(0).click();
      wait.until(
          ExpectedConditions.textToBePresentInElementLocated(By.id("likes-title"), "(2 of 100)"));
      assertEquals(
          1,
          d.findElements(By.cssSelector(".site-header")).size(),
          "the feed was swapped in place, not a page nested in the page");
      wait.until(driver -> !firstCardName(driver).equals(firstBefore));
      List<WebElement> cards = d.findElements(By.cssSelector(".feed-card"));
      assertEquals(20, cards.size());
      browser.screenshot("feed-after-likes");

      // Why this? opens a chart of the contributing features.
      d.findElements(By.cssSelector(".why-details summary")).get(0).click();
      wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".why-bars li")));
      assertTrue(d.findElements(By.cssSelector(".why-bar rect")).size() >= 1);
      browser.screenshot("why");
    }
  }

  private static String firstCardName(WebDriver d) {
    for (int attempt = 0; ; attempt++) {
      try {
        return d.findElements(By.cssSelector(".feed-card .card-title a")).get(0).getText();
      } catch (org.openqa.selenium.StaleElementReferenceException e) {
        if (attempt == 5) {
          throw e; // the page kept changing under us
        }
      }
    }
  }
}
