package io.lockerism.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockerism.config.AppConfig;
import io.lockerism.config.ChainConfig;
import io.lockerism.testing.Browser;
import io.lockerism.testing.BrowserFailures;
import io.lockerism.testing.MutableClock;
import io.lockerism.testing.TestApp;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A session that ends while the page is open: the next click sends the viewer to log in, and
 * logging in again brings back the likes (sealed with the password, never lost with the session).
 */
@ExtendWith(BrowserFailures.class)
class BrowserSessionTest {

  private static final Duration IDLE = Duration.ofMinutes(30);
  private static final MutableClock CLOCK = new MutableClock();
  private static TestApp app;

  @BeforeAll
  static void start() {
    app =
        TestApp.start(
            AppConfig.forDataDir(TestApp.tempDir())
                .withHost("127.0.0.1")
                .withPort(0)
                .withSampleImport(true)
                .withChain(ChainConfig.none())
                .withSessionIdleTimeout(IDLE),
            CLOCK);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void anExpiredSessionAsksToLogInAgainKeepsTheLikesAndAppliesThePressedOne() {
    Browser browser = Browser.open("session-expiry", Browser.LAPTOP);
    WebDriver d = browser.driver();
    WebDriverWait wait = browser.waitUpTo(Duration.ofSeconds(30));
    d.get(app.baseUrl() + "/signup");
    d.findElement(By.id("username")).sendKeys("sleepy");
    d.findElement(By.id("password")).sendKeys("a password for a long nap");
    d.findElement(By.xpath("//button[normalize-space()='Sign up']")).click();
    wait.until(ExpectedConditions.urlContains("/for-you"));
    d.findElements(By.cssSelector(".feed-card form button")).get(0).click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("likes-title"), "(1 of 100)"));
    String liked = d.findElement(By.cssSelector(".likes-list a")).getText();
    browser.screenshot("liked-before-the-nap");

    // Idle past the timeout, with the page left open.
    CLOCK.advance(IDLE.plusMinutes(1));

    // The next like (an htmx request) changes nothing yet and leads to the log-in page, which
    // keeps the intent.
    String pressed = d.findElements(By.cssSelector(".feed-card .card-title a")).get(0).getText();
    d.findElements(By.cssSelector(".feed-card form button")).get(0).click();
    wait.until(ExpectedConditions.urlContains("/login"));
    assertTrue(d.getCurrentUrl().contains("next=%2Ffor-you"), d.getCurrentUrl());
    assertTrue(
        d.findElement(By.cssSelector("[role=status]"))
            .getText()
            .contains("Your session ended after a while without activity."));
    browser.assertAccessible("login-session-ended");
    assertEquals(1, d.findElements(By.cssSelector(".site-header")).size(), "a whole page, once");
    browser.screenshot("asked-to-log-in");
    d.findElement(By.id("username")).sendKeys("sleepy");
    d.findElement(By.id("password")).sendKeys("a password for a long nap");
    d.findElement(By.xpath("//button[normalize-space()='Log in']")).click();

    // Back on For you with the like from before the session ended, and the one pressed when it
    // had ended, applied once logged in.
    wait.until(ExpectedConditions.urlContains("/for-you"));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("likes-title"), "(2 of 100)"));
    String likes = d.findElement(By.cssSelector(".likes-list")).getText();
    assertTrue(likes.contains(liked) && likes.contains(pressed), likes);
    browser.screenshot("likes-kept");

    // And the session works again: liking goes through.
    d.findElements(By.cssSelector(".feed-card form button")).get(0).click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("likes-title"), "(3 of 100)"));
  }
}
