package io.lockerism.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockerism.testing.Browser;
import io.lockerism.testing.BrowserFailures;
import io.lockerism.testing.TestApp;
import java.time.Duration;
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
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The main path — sign up, like from a profile, For-You, Why this?, prove — at laptop and phone
 * size with the accessibility check on every page, and once with the keyboard only.
 */
@ExtendWith(BrowserFailures.class)
class BrowserMainPathTest {

  private static TestApp app;

  @BeforeAll
  static void start() {
    app = TestApp.withSample();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  static Stream<Arguments> screens() {
    return Stream.of(Arguments.of("laptop", Browser.LAPTOP), Arguments.of("phone", Browser.PHONE));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("screens")
  void mainPathIsUsableAndAccessible(String screen, Dimension size) {
    Browser browser = Browser.open("main-path-" + screen, size);
    WebDriver d = browser.driver();
    WebDriverWait wait = browser.waitUpTo(Duration.ofSeconds(120));
    d.get(app.baseUrl() + "/signup");
    d.findElement(By.id("username")).sendKeys("main_" + screen);
    d.findElement(By.id("password")).sendKeys("a password for the main path");
    d.findElement(By.xpath("//button[normalize-space()='Sign up']")).click();
    wait.until(ExpectedConditions.urlContains("/for-you"));
    browser.screenshot("cold-start");
    browser.assertAccessible("for-you-cold-start");
    browser.assertNoSidewaysScroll("for-you-cold-start");

    d.get(app.baseUrl() + "/catalog?q=%23travel");
    d.findElement(By.cssSelector("#results .card a")).click();
    wait.until(ExpectedConditions.urlContains("/profiles/"));
    String liked = d.findElement(By.cssSelector("h1 span")).getText();
    d.findElement(By.cssSelector(".like-form button")).click();
    wait.until(
        ExpectedConditions.attributeToBe(
            By.cssSelector(".like-form button"), "aria-pressed", "true"));
    browser.screenshot("liked");
    browser.assertAccessible("profile-liked");
    browser.assertNoSidewaysScroll("profile-liked");

    d.findElement(By.linkText("For you")).click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("likes-title"), "(1 of 100)"));
    assertTrue(d.findElement(By.cssSelector(".likes-list")).getText().contains(liked));
    d.findElements(By.cssSelector(".why-details summary")).get(0).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".why-bars li")));
    browser.screenshot("why");
    browser.assertAccessible("for-you-why-open");
    browser.assertNoSidewaysScroll("for-you-why-open");

    d.findElement(By.xpath("//button[normalize-space()='Prove this feed']")).click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("proof-slot"), "Proved and verified"));
    browser.screenshot("proved");
    browser.assertAccessible("for-you-proof-result");
    browser.assertNoSidewaysScroll("for-you-proof-result");
    assertTrue(
        d.findElement(By.id("proof-slot"))
            .getText()
            .contains("No chain is configured, so this proof stays local."));
  }

  @Test
  void mainPathWithTheKeyboardOnly() {
    Browser browser = Browser.open("keyboard", Browser.LAPTOP);
    WebDriver d = browser.driver();
    WebDriverWait wait = browser.waitUpTo(Duration.ofSeconds(120));
    d.get(app.baseUrl() + "/signup");

    // Sign up: the username has the focus; Tab to the password, Tab to the button, Enter.
    assertEquals("username", d.switchTo().activeElement().getAttribute("id"));
    browser.press("keys_only");
    browser.tabTo("el.id === 'password'");
    browser.press("a password typed with keys");
    browser.tabTo("el.tagName === 'BUTTON' && el.textContent.trim() === 'Sign up'");
    browser.screenshot("signup-button-focused");
    browser.press(Keys.ENTER);
    wait.until(ExpectedConditions.urlContains("/for-you"));

    // The skip link is the first stop and shows itself; the catalog is in the main navigation.
    browser.tabTo("el.classList.contains('skip-link')");
    browser.screenshot("skip-link");
    browser.tabTo("el.tagName === 'A' && el.textContent.trim() === 'Catalog'");
    browser.press(Keys.ENTER);
    wait.until(ExpectedConditions.urlContains("/catalog"));

    // Search, then open the first result.
    browser.tabTo("el.id === 'q'");
    browser.press("#travel");
    wait.until(ExpectedConditions.urlContains("q=%23travel"));
    browser.tabTo("el.classList.contains('card-link')");
    browser.screenshot("card-focused");
    browser.press(Keys.ENTER);
    wait.until(ExpectedConditions.urlContains("/profiles/"));

    // Like with Space: the button toggles and keeps the focus.
    browser.tabTo("el.getAttribute('aria-pressed') === 'false'");
    browser.press(Keys.SPACE);
    wait.until(
        driver ->
            "true"
                .equals(
                    ((org.openqa.selenium.JavascriptExecutor) driver)
                        .executeScript(
                            "return document.activeElement.getAttribute('aria-pressed')")));
    browser.assertFocusVisible();
    browser.screenshot("liked-with-space");

    // On to For you: Tab onwards past the end of the page and round to the navigation.
    browser.tabTo("el.tagName === 'A' && el.textContent.trim() === 'For you'");
    browser.press(Keys.ENTER);
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("likes-title"), "(1 of 100)"));

    // Skip to the content, open "Why this?" on the first card with Enter.
    browser.tabTo("el.classList.contains('skip-link')");
    browser.press(Keys.ENTER);
    browser.tabTo("el.tagName === 'SUMMARY'");
    browser.press(Keys.ENTER);
    wait.until(
        ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#why-1 .why-bars li")));
    browser.screenshot("why-with-enter");

    // Like the top card with Enter: the feed is swapped in place and the focus stays in it.
    browser.tabTo("el.tagName === 'BUTTON' && el.closest('.feed-card') !== null");
    browser.press(Keys.ENTER);
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("likes-title"), "(2 of 100)"));
    wait.until(
        driver ->
            Boolean.TRUE.equals(
                ((org.openqa.selenium.JavascriptExecutor) driver)
                    .executeScript(
                        "return document.activeElement.closest('.feed-card') !== null")));
    browser.assertFocusVisible();
    browser.screenshot("liked-from-feed-with-enter");

    // Prove: Tab on round to the button, Enter, and the result arrives in place.
    browser.tabTo("el.tagName === 'BUTTON' && el.textContent.trim() === 'Prove this feed'");
    browser.screenshot("prove-focused");
    browser.press(Keys.ENTER);
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("proof-slot"), "Proved and verified"));
    browser.screenshot("proved-with-enter");
  }
}
