package io.lockerism.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockerism.testing.Browser;
import io.lockerism.testing.BrowserFailures;
import io.lockerism.testing.TestApp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What makes the web UI a product rather than a demo: the landing page's privacy story, a proof
 * page that renders once with its technical details tucked away, and a proof that is marked out of
 * date as soon as the likes change.
 */
@ExtendWith(BrowserFailures.class)
class BrowserProductTest {

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
  void landingPageExplainsWhatIsStoredSeenProvenAndPublished(String screen, Dimension size) {
    Browser browser = Browser.open("landing-" + screen, size);
    WebDriver d = browser.driver();
    d.get(app.baseUrl() + "/");
    assertTrue(d.getCurrentUrl().endsWith("/"), "the landing page is not a redirect");
    String text = d.findElement(By.id("main")).getText();
    assertTrue(text.contains("What is stored"));
    assertTrue(text.contains("unlocks your key in the server's memory"));
    assertTrue(text.contains("do not reveal which creators you liked"));
    assertTrue(text.contains("wallet address becomes public"));
    assertTrue(d.findElement(By.cssSelector(".home-diagram svg title")) != null);
    browser.screenshot("landing");
    browser.assertAccessible("landing");
    browser.assertNoSidewaysScroll("landing");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("screens")
  void proofPageRendersOnceWithTechnicalDetailsTuckedAway(String screen, Dimension size) {
    Browser browser = Browser.open("proof-page-" + screen, size);
    WebDriver d = browser.driver();
    WebDriverWait wait = browser.waitUpTo(Duration.ofSeconds(120));
    signUp(d, wait, "proofpage_" + screen);

    // The no-JavaScript path: the form posts and lands on /proofs/<id>.
    js(
        d,
        "document.querySelector('form[action=\"/for-you/proofs\"]').removeAttribute('hx-post');"
            + "document.querySelector('form[action=\"/for-you/proofs\"]').submit();");
    wait.until(ExpectedConditions.urlContains("/proofs/"));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".proof-verified")));

    assertEquals(1, d.findElements(By.id("proof-job")).size());
    assertEquals(
        List.of(),
        js(
            d,
            "const seen = new Set(), dup = [];"
                + "document.querySelectorAll('[id]').forEach(e => seen.has(e.id) ? dup.push(e.id) : seen.add(e.id));"
                + "return dup;"),
        "no duplicate ids");
    String text = d.findElement(By.id("main")).getText();
    assertEquals(1, text.split("Proved and verified", -1).length - 1, text);
    assertFalse(text.contains("docs/"), "no repository paths");
    assertFalse(text.contains("keep browsing"), "the progress line is gone once done");

    WebElement details = d.findElement(By.cssSelector("details.tech-details"));
    assertFalse(d.findElement(By.id("fact-snapshot")).isDisplayed(), "details start closed");
    details.findElement(By.tagName("summary")).click();
    assertTrue(d.findElement(By.id("fact-snapshot")).getText().length() >= 64, "shown in full");
    assertEquals(3, d.findElements(By.cssSelector(".tech-details .copy-button")).size());
    browser.screenshot("proof-page");
    browser.assertAccessible("proof-page");
    browser.assertNoSidewaysScroll("proof-page");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("screens")
  void aLikeMarksTheProofOutOfDateAndOffersProveAgain(String screen, Dimension size) {
    Browser browser = Browser.open("proof-stale-" + screen, size);
    WebDriver d = browser.driver();
    WebDriverWait wait = browser.waitUpTo(Duration.ofSeconds(120));
    signUp(d, wait, "stale_" + screen);

    d.findElement(By.xpath("//button[normalize-space()='Prove this feed']")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".proof-verified")));

    d.findElement(By.cssSelector(".feed-card form button")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("likes-title"), "(1 of"));
    wait.until(
        ExpectedConditions.visibilityOfElementLocated(
            By.xpath("//button[normalize-space()='Prove again']")));
    String slot = d.findElement(By.id("proof-slot")).getText();
    assertTrue(slot.contains("Out of date"), slot);
    assertFalse(slot.contains("Proved and verified"), slot);
    browser.screenshot("proof-out-of-date");
    browser.assertAccessible("proof-out-of-date");
    browser.assertNoSidewaysScroll("proof-out-of-date");

    WebElement again = d.findElement(By.xpath("//button[normalize-space()='Prove again']"));
    // As a viewer would: scroll it out from under the sticky header before tapping it.
    ((JavascriptExecutor) d)
        .executeScript("arguments[0].scrollIntoView({block: 'center'});", again);
    again.click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".proof-verified")));
    assertFalse(d.findElement(By.id("proof-slot")).getText().contains("Out of date"));

    // After a reload both proofs are still reachable from "Your proofs" (on phones, in the Likes
    // tab), newest first.
    d.get(app.baseUrl() + "/for-you?tab=likes");
    List<WebElement> proofs = d.findElements(By.cssSelector(".proofs-list a"));
    assertEquals(2, proofs.size());
    proofs.get(0).click();
    wait.until(ExpectedConditions.urlContains("/proofs/"));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".proof-verified")));
    browser.screenshot("proof-reopened");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("screens")
  void everyCatalogCardHasALikeToggleWithUndo(String screen, Dimension size) {
    Browser browser = Browser.open("catalog-like-" + screen, size);
    WebDriver d = browser.driver();
    WebDriverWait wait = browser.waitUpTo(Duration.ofSeconds(60));
    signUp(d, wait, "cardlike_" + screen);
    d.get(app.baseUrl() + "/catalog");
    List<WebElement> cards = d.findElements(By.cssSelector("#results .card"));
    assertEquals(
        cards.size(), d.findElements(By.cssSelector("#results .card .like-toggle")).size());
    String name = cards.get(0).findElement(By.cssSelector(".name")).getText();
    By toggle = By.cssSelector("#results .card:first-child .like-toggle");
    assertEquals(
        "Like " + name, d.findElement(toggle).getAttribute("textContent").replace("♡", "").strip());
    d.findElement(toggle).click();
    wait.until(ExpectedConditions.attributeToBe(toggle, "aria-pressed", "true"));
    String note = d.findElement(By.cssSelector("#results .card:first-child .like-note")).getText();
    assertTrue(note.startsWith("Liked " + name) && note.contains("Undo"), note);
    browser.screenshot("catalog-liked");
    browser.assertAccessible("catalog-liked");
    browser.assertNoSidewaysScroll("catalog-liked");

    d.findElement(By.cssSelector("#results .card:first-child .like-note button")).click();
    wait.until(ExpectedConditions.attributeToBe(toggle, "aria-pressed", "false"));
    assertTrue(
        d.findElement(By.cssSelector("#results .card:first-child .like-note"))
            .getText()
            .startsWith("Removed " + name));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("screens")
  void aLoggedOutLikeIsAppliedAfterLogInAndYouLandWhereYouWere(String screen, Dimension size) {
    Browser browser = Browser.open("like-intent-" + screen, size);
    WebDriver d = browser.driver();
    WebDriverWait wait = browser.waitUpTo(Duration.ofSeconds(60));
    String username = "intent_" + screen;
    signUp(d, wait, username);
    d.findElement(By.xpath("//button[normalize-space()='Log out']")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.linkText("Log in")));

    d.get(app.baseUrl() + "/catalog?q=%23travel");
    By toggle = By.cssSelector("#results .card:first-child .like-toggle");
    String id = d.findElement(toggle).getAttribute("id");
    d.findElement(toggle).click();
    wait.until(ExpectedConditions.urlContains("/login"));
    assertTrue(d.findElement(By.id("main")).getText().contains("finish your like"));
    browser.screenshot("login-with-like");
    browser.assertAccessible("login-with-like");
    d.findElement(By.id("username")).sendKeys(username);
    d.findElement(By.id("password")).sendKeys("a password for the product test");
    d.findElement(By.xpath("//button[normalize-space()='Log in']")).click();
    wait.until(ExpectedConditions.urlContains("/catalog?q=%23travel"));
    assertEquals("true", d.findElement(By.id(id)).getAttribute("aria-pressed"));
    browser.screenshot("back-with-like");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("screens")
  void theFeedShowsMoreExplainsInWordsAndHashtagsLinkToSearch(String screen, Dimension size) {
    Browser browser = Browser.open("feed-more-" + screen, size);
    WebDriver d = browser.driver();
    WebDriverWait wait = browser.waitUpTo(Duration.ofSeconds(60));
    signUp(d, wait, "more_" + screen);
    assertTrue(
        ((Number)
                    js(
                        d,
                        "return document.querySelector('.site-header .nav')"
                            + ".getBoundingClientRect().height"))
                .doubleValue()
            < 72,
        "a one-row header");

    d.get(app.baseUrl() + "/catalog?q=%23travel");
    String profile =
        d.findElement(By.cssSelector("#results .card:first-child .card-link")).getAttribute("href");
    String likedName = d.findElement(By.cssSelector("#results .card:first-child .name")).getText();
    By toggle = By.cssSelector("#results .card:first-child .like-toggle");
    d.findElement(toggle).click();
    wait.until(ExpectedConditions.attributeToBe(toggle, "aria-pressed", "true"));

    d.get(app.baseUrl() + "/for-you");
    assertEquals(20, d.findElements(By.cssSelector(".feed-card")).size());
    d.findElement(By.linkText("Show more")).click();
    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(".feed-card"), 40));
    assertTrue(d.getCurrentUrl().endsWith("/for-you?k=40"), d.getCurrentUrl());
    List<String> whyNames =
        d.findElements(By.cssSelector(".why-details summary")).stream()
            .map(e -> e.getAttribute("textContent").strip())
            .toList();
    assertEquals(whyNames.size(), whyNames.stream().distinct().count(), "distinct names");

    // "Show more" moved the focus (and the view) to the first new card; back to the top one.
    js(d, "window.scrollTo(0, 0)");
    d.findElements(By.cssSelector(".why-details summary")).get(0).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".why-summary")));
    String headline = d.findElement(By.cssSelector(".why-summary")).getText();
    assertTrue(
        headline.startsWith("Because you liked " + likedName) || headline.startsWith("Popular"),
        headline);
    List<WebElement> labels = d.findElements(By.cssSelector(".why-label"));
    assertEquals("Popular with everyone", labels.get(labels.size() - 1).getText());
    int sum =
        d.findElements(By.cssSelector(".why-value")).stream()
            .mapToInt(e -> Integer.parseInt(e.getText().replace("%", "")))
            .sum();
    assertTrue(sum >= 97 && sum <= 103, "the shares add up to the whole: " + sum);
    browser.screenshot("feed-more-why");
    browser.assertAccessible("feed-more-why");
    browser.assertNoSidewaysScroll("feed-more-why");

    d.get(profile);
    WebElement tag = d.findElement(By.cssSelector("a.hashtag"));
    String text = tag.getText();
    tag.click();
    wait.until(ExpectedConditions.urlContains("/catalog?q=%23"));
    assertEquals(text, d.findElement(By.id("q")).getAttribute("value"));
    assertFalse(d.findElements(By.cssSelector("#results .card")).isEmpty());
    browser.screenshot("hashtag-search");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("screens")
  void namesSortByLanguageAndProfilesChartTheirPlaysWithoutRemotePictures(
      String screen, Dimension size) {
    Browser browser = Browser.open("profile-chart-" + screen, size);
    WebDriver d = browser.driver();
    d.get(app.baseUrl() + "/catalog?q=l&sort=name-asc");
    List<String> names =
        d.findElements(By.cssSelector("#results .card .name")).stream()
            .map(WebElement::getText)
            .toList();
    java.text.Collator primary = java.text.Collator.getInstance(java.util.Locale.ROOT);
    primary.setStrength(java.text.Collator.PRIMARY);
    assertTrue(names.size() > 10, names.toString());
    for (int i = 1; i < names.size(); i++) {
      assertTrue(primary.compare(names.get(i - 1), names.get(i)) <= 0, names.toString());
    }
    assertTrue(
        d.findElements(By.cssSelector(".avatar img")).isEmpty(),
        "no remote pictures unless the operator allows them");
    assertTrue(
        d.findElements(By.cssSelector("#results .card .avatar-initials")).size() == names.size());
    browser.screenshot("catalog-name-sort");

    d.findElement(By.cssSelector("#results .card:first-child .card-link")).click();
    WebElement chart = d.findElement(By.cssSelector("figure.plays-chart"));
    int videos = d.findElements(By.cssSelector(".video-list > li")).size();
    List<WebElement> bars = chart.findElements(By.cssSelector(".plays-bars li"));
    assertEquals(videos, bars.size());
    assertTrue(chart.getText().contains("plays in all"), chart.getText());
    assertTrue(bars.get(0).getText().startsWith("Video 1"), bars.get(0).getText());
    assertTrue(
        chart.findElements(By.cssSelector(".plays-bar rect")).stream()
            .anyMatch(r -> "100.0".equals(r.getAttribute("width"))),
        "the most-played video has the full-length bar");
    ((JavascriptExecutor) d).executeScript("arguments[0].scrollIntoView({block: 'center'})", chart);
    browser.screenshot("profile-chart");
    browser.assertAccessible("profile-chart");
    browser.assertNoSidewaysScroll("profile-chart");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("screens")
  void phonesHaveATabBarThatStaysAndTheLikesInTheirOwnTab(String screen, Dimension size) {
    Browser browser = Browser.open("tab-bar-" + screen, size);
    WebDriver d = browser.driver();
    WebDriverWait wait = browser.waitUpTo(Duration.ofSeconds(60));
    signUp(d, wait, "tabs_" + screen);
    String liked = d.findElement(By.cssSelector(".feed-card .card-title a")).getText();
    d.findElement(By.cssSelector(".feed-card form button")).click();
    wait.until(ExpectedConditions.attributeContains(By.id("likes-title"), "textContent", "(1 of"));
    boolean phone = size.getWidth() < 600;
    WebElement bar = d.findElement(By.cssSelector("nav.tab-bar"));
    assertEquals(phone, bar.isDisplayed(), "the tab bar is for phones");
    if (!phone) {
      d.get(app.baseUrl() + "/for-you?tab=likes");
      assertTrue(d.findElement(By.cssSelector(".feed-card")).isDisplayed(), "both side by side");
      assertTrue(d.findElement(By.cssSelector(".likes-list")).getText().contains(liked));
      return;
    }
    assertEquals(
        List.of("For you", "Catalog", "Likes", "Account"),
        bar.findElements(By.tagName("a")).stream()
            .map(a -> a.findElement(By.className("tab-label")).getText())
            .toList());
    double likesTop = d.findElement(By.id("likes")).getRect().getY();
    double feedTop = d.findElement(By.cssSelector(".feed-card")).getRect().getY();
    assertTrue(likesTop < feedTop, "the likes strip comes before the cards, not below them all");
    js(d, "window.scrollTo(0, document.body.scrollHeight)");
    double barTop =
        ((Number) js(d, "return document.querySelector('.tab-bar').getBoundingClientRect().top"))
            .doubleValue();
    assertTrue(barTop >= 0 && barTop < 80, "the tab bar stays in view while scrolling: " + barTop);
    browser.screenshot("for-you-tab");

    bar.findElement(By.cssSelector("a[href*='tab=likes']")).click();
    wait.until(ExpectedConditions.urlContains("tab=likes"));
    assertFalse(d.findElement(By.cssSelector(".feed")).isDisplayed(), "the Likes tab shows likes");
    assertEquals(
        "page", d.findElement(By.cssSelector("nav.tab-bar a.active")).getAttribute("aria-current"));
    assertTrue(d.findElement(By.cssSelector(".likes-list")).getText().contains(liked));
    browser.screenshot("likes-tab");
    browser.assertAccessible("likes-tab");
    browser.assertNoSidewaysScroll("likes-tab");

    d.findElement(By.cssSelector(".likes-list button")).click();
    wait.until(ExpectedConditions.attributeContains(By.id("likes-title"), "textContent", "(0 of"));
    assertFalse(d.findElement(By.cssSelector(".feed")).isDisplayed(), "still on the Likes tab");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("screens")
  void fieldsSayWhatIsWrongNextToThemAndActionsShowThatTheyArePending(
      String screen, Dimension size) {
    Browser browser = Browser.open("validation-" + screen, size);
    WebDriver d = browser.driver();
    WebDriverWait wait = browser.waitUpTo(Duration.ofSeconds(60));
    d.get(app.baseUrl() + "/catalog");
    WebElement min = d.findElement(By.id("minFollowers"));
    min.sendKeys("-5");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("minFollowers-error")));
    assertEquals("Enter 0 or more.", d.findElement(By.id("minFollowers-error")).getText());
    assertEquals("true", min.getAttribute("aria-invalid"));
    browser.screenshot("catalog-invalid-min");
    browser.assertAccessible("catalog-invalid-min");
    browser.assertNoSidewaysScroll("catalog-invalid-min");
    min.clear();
    min.sendKeys("5");
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("minFollowers-error")));
    assertEquals("false", min.getAttribute("aria-invalid"));
    WebElement max = d.findElement(By.id("maxFollowers"));
    max.sendKeys("3");
    assertEquals(
        "Enter at least the minimum, 5.", d.findElement(By.id("maxFollowers-error")).getText());
    max.sendKeys("0");
    assertFalse(d.findElement(By.id("maxFollowers-error")).isDisplayed(), "30 ≥ 5");

    d.get(app.baseUrl() + "/signup");
    d.findElement(By.id("username")).sendKeys("pending_" + screen);
    WebElement password = d.findElement(By.id("password"));
    password.sendKeys("short");
    assertEquals(
        "At least 10 characters: 5 more to go.", d.findElement(By.id("password-error")).getText());
    browser.screenshot("signup-password-rule");
    browser.assertAccessible("signup-password-rule");
    password.sendKeys(" but now long enough");
    assertFalse(d.findElement(By.id("password-error")).isDisplayed());

    d.findElement(By.xpath("//button[normalize-space()='Sign up']")).click();
    wait.until(ExpectedConditions.urlContains("/for-you"));

    // On a slow network an action says it is working until its answer arrives.
    d.get(app.baseUrl() + "/catalog");
    ChromeDriver chrome = browser.driver();
    chrome.executeCdpCommand("Network.enable", Map.of());
    chrome.executeCdpCommand(
        "Network.emulateNetworkConditions",
        Map.of(
            "offline", false, "latency", 3000, "downloadThroughput", -1, "uploadThroughput", -1));
    By toggle = By.cssSelector("#results .card:first-child .like-toggle");
    d.findElement(toggle).click();
    wait.until(ExpectedConditions.attributeToBe(toggle, "aria-busy", "true"));
    assertTrue(d.findElement(toggle).getAttribute("class").contains("is-pending"));
    wait.until(ExpectedConditions.attributeToBe(toggle, "aria-pressed", "true"));
    assertFalse(d.findElement(toggle).getAttribute("class").contains("is-pending"));
    chrome.executeCdpCommand(
        "Network.emulateNetworkConditions",
        Map.of("offline", false, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1));
  }

  private static void signUp(WebDriver d, WebDriverWait wait, String username) {
    d.get(app.baseUrl() + "/signup");
    d.findElement(By.id("username")).sendKeys(username);
    d.findElement(By.id("password")).sendKeys("a password for the product test");
    d.findElement(By.xpath("//button[normalize-space()='Sign up']")).click();
    wait.until(ExpectedConditions.urlContains("/for-you"));
  }

  private static Object js(WebDriver d, String script) {
    return ((JavascriptExecutor) d).executeScript(script);
  }
}
