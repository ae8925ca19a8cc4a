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
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Sign-up, log-out, log-in and catalog search in a real browser, laptop and phone sized. */
@ExtendWith(BrowserFailures.class)
class BrowserAuthTest {

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
  void signUpLogOutLogInAndSearch(String screen, Dimension size) {
    String username = "browser_" + screen;
    try (Browser browser = Browser.open("auth", size)) {
      WebDriver d = browser.driver();
      WebDriverWait wait = browser.waitUpTo(Duration.ofSeconds(10));
      d.get(app.baseUrl() + "/signup");
      browser.screenshot("signup-form");
      labelled(d, "Username").sendKeys(username);
      labelled(d, "Password").sendKeys("a password for the browser");
      button(d, "Sign up").click();
      wait.until(
          ExpectedConditions.textToBePresentInElementLocated(
              By.cssSelector(".nav-user"), "@" + username));
      browser.screenshot("signed-up");

      button(d, "Log out").click();
      wait.until(ExpectedConditions.presenceOfElementLocated(By.linkText("Log in")));
      d.findElement(By.linkText("Log in")).click();
      labelled(d, "Username").sendKeys(username);
      labelled(d, "Password").sendKeys("not the password");
      button(d, "Log in").click();
      assertTrue(
          d.findElement(By.cssSelector("[role=alert]"))
              .getText()
              .contains("Wrong username or password."));
      browser.screenshot("wrong-password");
      labelled(d, "Password").sendKeys("a password for the browser");
      button(d, "Log in").click();
      wait.until(
          ExpectedConditions.textToBePresentInElementLocated(
              By.cssSelector(".nav-user"), "@" + username));

      // htmx search swaps the results in place and updates the address bar.
      WebElement search = labelled(d, "Search");
      search.sendKeys("#fitness");
      wait.until(ExpectedConditions.urlContains("q=%23fitness"));
      wait.until(
          ExpectedConditions.textToBePresentInElementLocated(
              By.cssSelector(".result-summary"), "creators"));
      browser.screenshot("searched");
      assertTrue(d.findElements(By.cssSelector("#results .card")).size() > 0);
      assertEquals(1, d.findElements(By.cssSelector("h1")).size(), "swapped, not nested");
    }
  }

  private static WebElement labelled(WebDriver d, String label) {
    WebElement l = d.findElement(By.xpath("//label[normalize-space()='" + label + "']"));
    return d.findElement(By.id(l.getAttribute("for")));
  }

  private static WebElement button(WebDriver d, String name) {
    return d.findElement(By.xpath("//button[normalize-space()='" + name + "']"));
  }
}
