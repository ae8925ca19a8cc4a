package io.lockerism.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Debian Chromium driven through Debian's chromedriver (Selenium Manager never
 * downloads anything). Fails, never skips, when either is missing: scripts/test installs them.
 */
public final class Browser implements AutoCloseable {

  public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  public static final Dimension LAPTOP = new Dimension(1366, 900);
  public static final Dimension PHONE = new Dimension(390, 844);

  private final ChromeDriver driver;
  private final Path screenshots;
  private int step;

  private Browser(ChromeDriver driver, Path screenshots) {
    this.driver = driver;
    this.screenshots = screenshots;
  }

  public static Browser open(String scenario, Dimension size) {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      throw new AssertionError("Debian chromium and chromium-driver are required for browser"
          + " tests: run the suite through scripts/test, which installs them");
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
        "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-quic", "--no-first-run", "--disable-extensions",
        "--user-data-dir=" + TestApp.tempDir(),
        "--window-size=" + size.getWidth() + "," + size.getHeight());
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().implicitlyWait(Duration.ofSeconds(5));
    Path dir = Path.of("target", "screenshots", scenario + "-" + size.getWidth() + "x"
        + size.getHeight());
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Browser(driver, dir);
  }

  public ChromeDriver driver() {
    return driver;
  }

  /** Saves a numbered screenshot of the current page under target/screenshots. */
  public void screenshot(String name) {
    step++;
    try {
      Files.write(screenshots.resolve(String.format("%02d-%s.png", step, name)),
          driver.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    driver.quit();
  }
}
