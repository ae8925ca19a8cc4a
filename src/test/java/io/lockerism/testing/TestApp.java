package io.lockerism.testing;

import io.lockerism.app.Lockerism;
import io.lockerism.config.AppConfig;
import io.lockerism.config.ChainConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/** A real Lockerism server on a free port over a fresh H2 database in a temporary directory. */
public final class TestApp implements AutoCloseable {

  private final Path dataDir;
  private final Lockerism app;

  private TestApp(Path dataDir, Lockerism app) {
    this.dataDir = dataDir;
    this.app = app;
  }

  /** With the bundled sample catalog imported, as on a first start. */
  public static TestApp withSample() {
    return start(true);
  }

  public static TestApp empty() {
    return start(false);
  }

  /**
   * Compiled circuits and keys are shared by every test app: the sample's snapshot is the same each
   * time, and its setup is the slow part of starting.
   */
  public static final Path PROVER_CACHE = Path.of("target", "test-prover-cache").toAbsolutePath();

  /** Without a chain, which most tests do not need; chain tests configure one themselves. */
  public static TestApp start(boolean sample) {
    return start(config(sample));
  }

  /** The config {@link #start(boolean)} uses, in a fresh temporary directory. */
  public static AppConfig config(boolean sample) {
    return AppConfig.forDataDir(tempDir())
        .withHost("127.0.0.1")
        .withPort(0)
        .withSampleImport(sample)
        .withChain(ChainConfig.none());
  }

  /** An embedded dev chain on a free port, as `serve` has by default. */
  public static AppConfig withEmbeddedChain() {
    return AppConfig.forDataDir(tempDir())
        .withHost("127.0.0.1")
        .withPort(0)
        .withChain(ChainConfig.embedded().withPort(0));
  }

  /** Starts with this config, on the shared prover cache unless the config names another. */
  public static TestApp start(AppConfig config) {
    return start(config, Clock.systemUTC());
  }

  /** Like {@link #start(AppConfig)}, on a clock the test controls (e.g. a MutableClock). */
  public static TestApp start(AppConfig config, Clock clock) {
    AppConfig c =
        config.proverCacheDir().equals(config.dataDir().resolve("prover"))
            ? config.withProverCacheDir(PROVER_CACHE)
            : config;
    // Tests look into the database from outside while the app runs (AppConfig.sharedDbUrl).
    c = c.withSecurity(c.security().withH2Tcp(true));
    return new TestApp(c.dataDir(), Lockerism.start(c, clock));
  }

  public static Path tempDir() {
    try {
      return Files.createTempDirectory("lockerism-test");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + app.port();
  }

  public Path dataDir() {
    return dataDir;
  }

  public Lockerism app() {
    return app;
  }

  public HttpSession newSession() {
    return new HttpSession(baseUrl());
  }

  @Override
  public void close() {
    app.close();
  }
}
