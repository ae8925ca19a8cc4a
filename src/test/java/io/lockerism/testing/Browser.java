package io.lockerism.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Headless Debian Chromium driven through Debian's chromedriver (Selenium Manager never downloads
 * anything). Fails, never skips, when either is missing: scripts/test installs them.
 *
 * <p>Each browser keeps the page's console log; {@link BrowserFailures} writes it, with a last
 * screenshot, under target/screenshots/&lt;scenario&gt; when a test fails.
 */
public final class Browser implements AutoCloseable {

  public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  public static final Dimension LAPTOP = new Dimension(1366, 900);
  public static final Dimension PHONE = new Dimension(390, 844);

  /** Violations of these impacts fail a test; minor and moderate ones are reported only. */
  private static final List<String> FAILING_IMPACTS = List.of("serious", "critical");

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ChromeDriver driver;
  private final Path screenshots;
  private final List<String> console = new ArrayList<>();
  private boolean closed;
  private int step;

  private Browser(ChromeDriver driver, Path screenshots) {
    this.driver = driver;
    this.screenshots = screenshots;
  }

  public static Browser open(String scenario, Dimension size) {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      throw new AssertionError(
          "Debian chromium and chromium-driver are required for browser"
              + " tests: run the suite through scripts/test, which installs them");
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--no-first-run",
        "--disable-extensions",
        "--user-data-dir=" + TestApp.tempDir(),
        "--window-size=" + size.getWidth() + "," + size.getHeight());
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
            .usingAnyFreePort()
            .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    if (size.getWidth() < 500) {
      // Chromium keeps windows at least 500 px wide; a phone's viewport is set by emulation.
      driver.executeCdpCommand(
          "Emulation.setDeviceMetricsOverride",
          java.util.Map.of(
              "width",
              size.getWidth(),
              "height",
              size.getHeight(),
              "deviceScaleFactor",
              1,
              "mobile",
              true));
    }
    driver.manage().timeouts().implicitlyWait(Duration.ofSeconds(5));
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
    Path dir =
        Path.of("target", "screenshots", scenario + "-" + size.getWidth() + "x" + size.getHeight());
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Browser browser = new Browser(driver, dir);
    BrowserFailures.opened(browser);
    return browser;
  }

  public ChromeDriver driver() {
    return driver;
  }

  public Path screenshotDir() {
    return screenshots;
  }

  /**
   * An explicit wait that tolerates htmx swapping the element it is looking at (a stale reference
   * is retried, like an element not there yet).
   */
  public org.openqa.selenium.support.ui.WebDriverWait waitUpTo(Duration timeout) {
    var wait = new org.openqa.selenium.support.ui.WebDriverWait(driver, timeout);
    wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    return wait;
  }

  /** Saves a numbered screenshot of the current page under target/screenshots. */
  public void screenshot(String name) {
    step++;
    collectConsole();
    try {
      Files.write(
          screenshots.resolve(String.format("%02d-%s.png", step, name)),
          driver.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Runs axe-core on the current page and fails on serious or critical violations, listing each
   * rule with the elements it flagged. The full result is kept as axe-&lt;page&gt;.json.
   */
  public void assertAccessible(String page) {
    if (!Boolean.TRUE.equals(driver.executeScript("return typeof window.axe === 'object'"))) {
      driver.executeScript(axeSource());
    }
    Object result =
        driver.executeAsyncScript(
            "const done = arguments[arguments.length - 1];"
                + "axe.run(document, {resultTypes: ['violations']})"
                + ".then(r => done(JSON.stringify(r.violations)), e => done('error: ' + e));");
    String json = String.valueOf(result);
    if (json.startsWith("error: ")) {
      throw new AssertionError("axe-core failed on " + page + ": " + json);
    }
    try {
      Files.writeString(screenshots.resolve("axe-" + page + ".json"), json);
      List<String> failing = new ArrayList<>();
      for (JsonNode v : JSON.readTree(json)) {
        if (!FAILING_IMPACTS.contains(v.path("impact").asText())) {
          continue;
        }
        StringBuilder s =
            new StringBuilder(
                "  ["
                    + v.path("impact").asText()
                    + "] "
                    + v.path("id").asText()
                    + ": "
                    + v.path("help").asText());
        for (JsonNode node : v.path("nodes")) {
          s.append("\n      ")
              .append(node.path("target").toString())
              .append(" ")
              .append(node.path("failureSummary").asText().replace('\n', ' '));
        }
        failing.add(s.toString());
      }
      if (!failing.isEmpty()) {
        throw new AssertionError(
            "Accessibility violations on "
                + page
                + " ("
                + driver.getCurrentUrl()
                + "):\n"
                + String.join("\n", failing));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String axeSource() {
    try (InputStream in = Browser.class.getClassLoader().getResourceAsStream("axe.min.js")) {
      if (in == null) {
        throw new AssertionError("axe.min.js is missing from the test classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Moves the page's console messages seen so far into this browser's log. */
  public synchronized List<String> collectConsole() {
    if (!closed) {
      try {
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
          console.add(
              Instant.ofEpochMilli(e.getTimestamp()) + " " + e.getLevel() + " " + e.getMessage());
        }
      } catch (WebDriverException e) {
        console.add(
            "(console log unavailable: " + e.getMessage().lines().findFirst().orElse("") + ")");
      }
    }
    return List.copyOf(console);
  }

  /** Saves a last screenshot and the console log; called when the test failed. */
  void saveFailure(String testName) {
    Path dir = screenshots;
    try {
      if (!closed) {
        try {
          Files.write(dir.resolve("failure.png"), driver.getScreenshotAs(OutputType.BYTES));
          Files.writeString(dir.resolve("failure-url.txt"), driver.getCurrentUrl() + "\n");
        } catch (WebDriverException e) {
          // the browser itself may be what failed; the console log is still worth writing
        }
      }
      List<String> lines = new ArrayList<>();
      lines.add("# " + testName);
      lines.addAll(collectConsole());
      Files.write(dir.resolve("console.log"), lines, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The page fits the viewport's width: nothing needs scrolling sideways (phones). */
  public void assertNoSidewaysScroll(String page) {
    Object overflow =
        driver.executeScript(
            "const w = document.documentElement.clientWidth;"
                + "if (document.documentElement.scrollWidth <= w) return null;"
                + "const wide = [...document.querySelectorAll('body *')]"
                + "  .filter(e => e.getBoundingClientRect().right > w + 1).slice(0, 5)"
                + "  .map(e => e.tagName + '.' + e.className);"
                + "return document.documentElement.scrollWidth + ' > ' + w + ': ' + wide.join(', ');");
    if (overflow != null) {
      throw new AssertionError(
          page + " scrolls sideways at " + driver.manage().window().getSize() + ": " + overflow);
    }
  }

  /** Sends the keys to whichever element has focus, as a keyboard user does. */
  public void press(CharSequence... keys) {
    driver.switchTo().activeElement().sendKeys(keys);
  }

  /**
   * Presses Tab until the focused element satisfies a script condition on {@code el} (e.g. {@code
   * el.id === 'q'}), then checks that the focus is visible: the element matches :focus-visible,
   * draws a focus ring (box-shadow or outline) and is on screen.
   */
  public org.openqa.selenium.WebElement tabTo(String condition) {
    for (int i = 0; i < 150; i++) {
      driver.switchTo().activeElement().sendKeys(org.openqa.selenium.Keys.TAB);
      if (Boolean.TRUE.equals(
          driver.executeScript(
              "const el = document.activeElement; return !!el && (" + condition + ");"))) {
        assertFocusVisible();
        return driver.switchTo().activeElement();
      }
    }
    throw new AssertionError(
        "150 presses of Tab never focused an element where "
            + condition
            + " on "
            + driver.getCurrentUrl());
  }

  /** The focused element shows a visible focus indicator, on screen. */
  public void assertFocusVisible() {
    Object problem =
        driver.executeScript(
            "const el = document.activeElement;"
                + "if (!el || el === document.body) return 'nothing is focused';"
                + "const cs = getComputedStyle(el), r = el.getBoundingClientRect();"
                + "const label = el.tagName + ' ' + (el.textContent || el.id || '').trim().slice(0, 40);"
                + "if (!el.matches(':focus-visible')) return label + ' is not :focus-visible';"
                + "const ring = cs.boxShadow !== 'none'"
                + "  || (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0);"
                + "if (!ring) return label + ' has no focus ring';"
                + "if (r.width <= 0 || r.height <= 0 || r.bottom <= 0 || r.top >= innerHeight"
                + "  || r.right <= 0 || r.left >= innerWidth) return label + ' is off screen';"
                + "return null;");
    if (problem != null) {
      throw new AssertionError("focus not visible: " + problem + " on " + driver.getCurrentUrl());
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    collectConsole();
    closed = true;
    driver.quit();
  }
}
