package io.lockerism.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockerism.testing.Browser;
import io.lockerism.testing.BrowserFailures;
import io.lockerism.testing.TestApp;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;

/**
 * Prove and publish from a wallet in a real browser: the test wallet (test-wallet.js) announces
 * itself through EIP-6963, starts on another chain so the page must add and switch to the dev
 * chain, and signs the FeedLedger transaction; the ledger then shows the record as the viewer's.
 */
@ExtendWith(BrowserFailures.class)
class BrowserPublishTest {

  private static TestApp app;

  @BeforeAll
  static void start() {
    app = TestApp.start(TestApp.withEmbeddedChain());
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void proveThenPublishFromTheWalletAndSeeItOnTheLedger() throws Exception {
    try (Browser browser = Browser.open("publish", Browser.LAPTOP)) {
      Credentials key = Credentials.create(Keys.createEcKeyPair());
      injectWallet(browser, key, "0x1", false);
      WebDriver d = browser.driver();
      WebDriverWait wait = browser.waitUpTo(Duration.ofSeconds(180));
      d.get(app.baseUrl() + "/signup");
      d.findElement(By.id("username")).sendKeys("publisher");
      d.findElement(By.id("password")).sendKeys("a password for publishing");
      d.findElement(By.xpath("//button[normalize-space()='Sign up']")).click();
      wait.until(ExpectedConditions.urlContains("/for-you"));
      d.findElements(By.cssSelector(".feed-card form button")).get(0).click();
      wait.until(
          ExpectedConditions.textToBePresentInElementLocated(By.id("likes-title"), "(1 of 100)"));

      d.findElement(By.xpath("//button[normalize-space()='Prove this feed']")).click();
      wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("progress#proof-bar")));
      browser.screenshot("proving");
      wait.until(
          ExpectedConditions.textToBePresentInElementLocated(
              By.id("proof-slot"), "Proved and verified"));
      browser.screenshot("proved");
      awaitRegistered();

      browser.assertAccessible("proof-result-publishable");
      String jobPage =
          d.findElement(By.id("proof-job")).getAttribute("sse-connect").replaceAll("/events$", "");
      wait.until(ExpectedConditions.elementToBeClickable(By.id("publish-button"))).click();
      wait.until(
          ExpectedConditions.textToBePresentInElementLocated(
              By.id("publish-status"), "Recorded on chain in block"));
      browser.screenshot("published");
      browser.assertAccessible("proof-published");
      assertEquals(1, d.findElements(By.cssSelector(".site-header")).size(), "no nested page");

      d.findElement(By.linkText("See it on the ledger")).click();
      wait.until(ExpectedConditions.urlContains("/ledger"));
      assertTrue(
          d.findElement(By.tagName("main")).getText().contains("your proof"),
          "the record is on the ledger page as soon as the transaction is mined");
      browser.screenshot("ledger");
      assertTrue(d.getPageSource().contains("Verified feed"));
      browser.assertAccessible("ledger");

      // The same proof reopened on its own page (as from a second tab): the page knows it is
      // already recorded before any wallet round-trip, says so calmly and offers no second send;
      // the ledger still holds one record.
      d.get(app.baseUrl() + jobPage);
      assertEquals(1, d.findElements(By.id("publish-button")).size(), "rendered once");
      wait.until(
          ExpectedConditions.textToBePresentInElementLocated(
              By.id("publish-status"), "This feed is already recorded on the ledger."));
      browser.screenshot("already-recorded");
      browser.assertAccessible("proof-page-already-recorded");
      assertTrue(d.findElement(By.id("publish-status")).getAttribute("class").contains("ok"));
      assertFalse(d.findElement(By.id("publish-button")).isEnabled());
      assertEquals("Already published", d.findElement(By.id("publish-button")).getText());
      assertEquals(
          0L,
          ((org.openqa.selenium.JavascriptExecutor) d)
              .executeScript("return window.__walletRequests ? window.__walletRequests.length : 0"),
          "no wallet request was made");
      d.get(app.baseUrl() + "/ledger");
      assertEquals(
          1,
          d.findElements(By.cssSelector(".timeline li.mine")).size(),
          "the second send recorded nothing");
    }
  }

  @Test
  void aRejectedWalletRequestIsAClearMessageAndNothingIsRecorded() throws Exception {
    try (Browser browser = Browser.open("publish-rejected", Browser.LAPTOP)) {
      injectWallet(browser, Credentials.create(Keys.createEcKeyPair()), "0x539", true);
      WebDriver d = browser.driver();
      WebDriverWait wait = browser.waitUpTo(Duration.ofSeconds(180));
      d.get(app.baseUrl() + "/signup");
      d.findElement(By.id("username")).sendKeys("rejecter");
      d.findElement(By.id("password")).sendKeys("a password for rejecting");
      d.findElement(By.xpath("//button[normalize-space()='Sign up']")).click();
      wait.until(ExpectedConditions.urlContains("/for-you"));
      d.findElement(By.xpath("//button[normalize-space()='Prove this feed']")).click();
      wait.until(
          ExpectedConditions.textToBePresentInElementLocated(
              By.id("proof-slot"), "Proved and verified"));
      wait.until(ExpectedConditions.elementToBeClickable(By.id("publish-button"))).click();
      wait.until(
          ExpectedConditions.textToBePresentInElementLocated(
              By.id("publish-status"),
              "You rejected the request in your wallet. Nothing was recorded."));
      browser.screenshot("rejected");
      assertTrue(d.findElement(By.id("publish-button")).isEnabled(), "can try again");
    }
  }

  @Test
  void withoutAWalletThePageSaysSoAndHowToGetOne() {
    try (Browser browser = Browser.open("publish-no-wallet", Browser.PHONE)) {
      WebDriver d = browser.driver();
      WebDriverWait wait = browser.waitUpTo(Duration.ofSeconds(180));
      d.get(app.baseUrl() + "/signup");
      d.findElement(By.id("username")).sendKeys("walletless");
      d.findElement(By.id("password")).sendKeys("a password without a wallet");
      d.findElement(By.xpath("//button[normalize-space()='Sign up']")).click();
      wait.until(ExpectedConditions.urlContains("/for-you"));
      d.findElement(By.xpath("//button[normalize-space()='Prove this feed']")).click();
      wait.until(
          ExpectedConditions.textToBePresentInElementLocated(
              By.id("proof-slot"), "Proved and verified"));
      wait.until(ExpectedConditions.elementToBeClickable(By.id("publish-button"))).click();
      wait.until(
          ExpectedConditions.textToBePresentInElementLocated(
              By.id("publish-status"), "No wallet found. Install or unlock MetaMask"));
      browser.screenshot("no-wallet");
      assertTrue(d.findElement(By.id("publish-button")).isEnabled(), "can try again");
      browser.assertAccessible("proof-no-wallet");
    }
  }

  private static void awaitRegistered() throws InterruptedException {
    var web = app.newSession();
    for (int i = 0; i < 1800; i++) {
      if (web.get("/api/v1/chain").body().contains("\"registered\":true")) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the snapshot was not registered on the chain in time");
  }

  /** Injects the test wallet before any page script runs, on every page of this browser. */
  private static void injectWallet(
      Browser browser, Credentials key, String startChainId, boolean reject) throws IOException {
    String rpcUrl =
        app.newSession()
            .get("/api/v1/chain")
            .body()
            .replaceAll("(?s).*\"rpcUrl\":\"([^\"]+)\".*", "$1");
    String config =
        "window.__LOCKERISM_TEST_WALLET__ = {rpcUrl: '"
            + rpcUrl
            + "', chainId: '0x539', startChainId: '"
            + startChainId
            + "', address: '"
            + key.getAddress()
            + "', privateKey: '"
            + org.web3j.utils.Numeric.toHexStringNoPrefixZeroPadded(
                key.getEcKeyPair().getPrivateKey(), 64)
            + "', rejectRequests: "
            + reject
            + "};\n";
    // The page's Content-Security-Policy allows connections to its own origin only; a real
    // wallet talks to the chain from its extension, so the test lifts the policy for its stand-in.
    browser.driver().executeCdpCommand("Page.setBypassCSP", Map.of("enabled", true));
    browser
        .driver()
        .executeCdpCommand(
            "Page.addScriptToEvaluateOnNewDocument",
            Map.of("source", config + resource("test-wallet.js")));
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = BrowserPublishTest.class.getClassLoader().getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
