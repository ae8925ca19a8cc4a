package io.lockerism.testing;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * For browser test classes: when a test fails, each browser it opened saves a last screenshot (if
 * still open) and the page's console log as target/screenshots/&lt;scenario&gt;/console.log;
 * browsers a test left open are closed after it.
 */
public final class BrowserFailures
    implements BeforeEachCallback, TestExecutionExceptionHandler, AfterEachCallback {

  private static final ThreadLocal<List<Browser>> OPEN = ThreadLocal.withInitial(ArrayList::new);

  static void opened(Browser browser) {
    OPEN.get().add(browser);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    OPEN.get().clear();
  }

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable failure)
      throws Throwable {
    for (Browser browser : OPEN.get()) {
      try {
        browser.saveFailure(context.getDisplayName() + ": " + failure);
      } catch (RuntimeException e) {
        failure.addSuppressed(e);
      }
    }
    throw failure;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    for (Browser browser : OPEN.get()) {
      browser.close();
    }
    OPEN.get().clear();
  }
}
