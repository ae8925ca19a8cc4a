package io.lockerism.config;

import io.lockerism.store.Database;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Everything a running instance is configured with. Built by the command line; tests build it
 * directly with {@link #forDataDir(Path)} and the {@code with…} methods.
 *
 * @param dbPoolSize the most database connections held at once
 * @param operators usernames allowed to operate the app (build snapshots)
 * @param evaluatorUrl a remote `lockerism evaluator`, or null to score in-process
 * @param proverCacheDir where compiled feed circuits and their keys are cached by snapshot id
 * @param chain the chain feed proofs are recorded on (default: the embedded dev chain)
 * @param dpWindow the release window of differentially private statistics (default: one day)
 * @param security trusted proxies, the evaluator token, the H2 TCP server (docs/security.md)
 */
public record AppConfig(
    String host,
    int port,
    Path dataDir,
    String dbUrl,
    String dbUser,
    String dbPassword,
    int dbPoolSize,
    boolean secureCookies,
    boolean importSampleWhenEmpty,
    Duration sessionIdleTimeout,
    Set<String> operators,
    String evaluatorUrl,
    Path proverCacheDir,
    ChainConfig chain,
    Duration dpWindow,
    SecurityConfig security) {

  public static final int DEFAULT_PORT = 8080;
  public static final Duration DEFAULT_SESSION_IDLE = Duration.ofMinutes(30);
  public static final Duration DEFAULT_DP_WINDOW = Duration.ofDays(1);

  public AppConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(dataDir, "dataDir");
    dbUrl = dbUrl == null || dbUrl.isBlank() ? defaultDbUrl(dataDir) : dbUrl;
    dbUser = dbUser == null ? "sa" : dbUser;
    dbPassword = dbPassword == null ? "" : dbPassword;
    operators = operators == null ? Set.of() : Set.copyOf(operators);
    evaluatorUrl = evaluatorUrl == null || evaluatorUrl.isBlank() ? null : evaluatorUrl;
    proverCacheDir = proverCacheDir == null ? dataDir.resolve("prover") : proverCacheDir;
    chain = chain == null ? ChainConfig.embedded() : chain;
    dpWindow = dpWindow == null ? DEFAULT_DP_WINDOW : dpWindow;
    security = security == null ? SecurityConfig.defaults() : security;
    if (dpWindow.toSeconds() < 1 || dpWindow.toSeconds() > 366L * 86_400) {
      throw new IllegalArgumentException(
          "the DP release window must be between 1 second and" + " 366 days, got " + dpWindow);
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
    }
    if (dbPoolSize < 1) {
      throw new IllegalArgumentException(
          "the database pool needs at least 1 connection, got " + dbPoolSize);
    }
  }

  /** Embedded defaults: H2 file database under {@code dataDir}, sample import on first start. */
  public static AppConfig forDataDir(Path dataDir) {
    return new AppConfig(
        "0.0.0.0",
        DEFAULT_PORT,
        dataDir,
        null,
        null,
        null,
        Database.DEFAULT_POOL_SIZE,
        false,
        true,
        DEFAULT_SESSION_IDLE,
        Set.of(),
        null,
        null,
        null,
        null,
        null);
  }

  public AppConfig withSecurity(SecurityConfig newSecurity) {
    return new AppConfig(
        host,
        port,
        dataDir,
        dbUrl,
        dbUser,
        dbPassword,
        dbPoolSize,
        secureCookies,
        importSampleWhenEmpty,
        sessionIdleTimeout,
        operators,
        evaluatorUrl,
        proverCacheDir,
        chain,
        dpWindow,
        newSecurity);
  }

  /** The embedded H2 database in {@code dataDir}, open to this process only. */
  public static String defaultDbUrl(Path dataDir) {
    // No trace file: H2 writes failing statements there with their parameter values.
    // WRITE_DELAY=0 writes each commit out before the commit returns, so a like acknowledged
    // with 200 survives a kill -9 (H2's default delays writes by up to 500 ms).
    return "jdbc:h2:file:"
        + dataDir.toAbsolutePath().resolve("db").resolve("lockerism")
        + ";TRACE_LEVEL_FILE=0;WRITE_DELAY=0";
  }

  /**
   * The embedded database with H2's AUTO_SERVER: the first process to open it serves it over TCP
   * (on loopback, see Components) so that others, e.g. `lockerism import` while `serve` runs, can
   * open it too.
   */
  public static String sharedDbUrl(Path dataDir) {
    return defaultDbUrl(dataDir) + ";AUTO_SERVER=TRUE";
  }

  /** The JDBC URL to open: {@link #dbUrl()}, shared over loopback TCP when asked for. */
  public String jdbcUrl() {
    boolean embeddedFile = dbUrl.startsWith("jdbc:h2:file:");
    return security.h2Tcp()
            && embeddedFile
            && !dbUrl.toUpperCase(java.util.Locale.ROOT).contains("AUTO_SERVER")
        ? dbUrl + ";AUTO_SERVER=TRUE"
        : dbUrl;
  }

  public AppConfig withPort(int newPort) {
    return new AppConfig(
        host,
        newPort,
        dataDir,
        dbUrl,
        dbUser,
        dbPassword,
        dbPoolSize,
        secureCookies,
        importSampleWhenEmpty,
        sessionIdleTimeout,
        operators,
        evaluatorUrl,
        proverCacheDir,
        chain,
        dpWindow,
        security);
  }

  public AppConfig withHost(String newHost) {
    return new AppConfig(
        newHost,
        port,
        dataDir,
        dbUrl,
        dbUser,
        dbPassword,
        dbPoolSize,
        secureCookies,
        importSampleWhenEmpty,
        sessionIdleTimeout,
        operators,
        evaluatorUrl,
        proverCacheDir,
        chain,
        dpWindow,
        security);
  }

  public AppConfig withDatabase(String url, String user, String password) {
    return new AppConfig(
        host,
        port,
        dataDir,
        url,
        user,
        password,
        dbPoolSize,
        secureCookies,
        importSampleWhenEmpty,
        sessionIdleTimeout,
        operators,
        evaluatorUrl,
        proverCacheDir,
        chain,
        dpWindow,
        security);
  }

  public AppConfig withDatabasePoolSize(int size) {
    return new AppConfig(
        host,
        port,
        dataDir,
        dbUrl,
        dbUser,
        dbPassword,
        size,
        secureCookies,
        importSampleWhenEmpty,
        sessionIdleTimeout,
        operators,
        evaluatorUrl,
        proverCacheDir,
        chain,
        dpWindow,
        security);
  }

  public AppConfig withSampleImport(boolean enabled) {
    return new AppConfig(
        host,
        port,
        dataDir,
        dbUrl,
        dbUser,
        dbPassword,
        dbPoolSize,
        secureCookies,
        enabled,
        sessionIdleTimeout,
        operators,
        evaluatorUrl,
        proverCacheDir,
        chain,
        dpWindow,
        security);
  }

  public AppConfig withSecureCookies(boolean enabled) {
    return new AppConfig(
        host,
        port,
        dataDir,
        dbUrl,
        dbUser,
        dbPassword,
        dbPoolSize,
        enabled,
        importSampleWhenEmpty,
        sessionIdleTimeout,
        operators,
        evaluatorUrl,
        proverCacheDir,
        chain,
        dpWindow,
        security);
  }

  public AppConfig withSessionIdleTimeout(Duration timeout) {
    return new AppConfig(
        host,
        port,
        dataDir,
        dbUrl,
        dbUser,
        dbPassword,
        dbPoolSize,
        secureCookies,
        importSampleWhenEmpty,
        timeout,
        operators,
        evaluatorUrl,
        proverCacheDir,
        chain,
        dpWindow,
        security);
  }

  public AppConfig withOperators(Set<String> names) {
    return new AppConfig(
        host,
        port,
        dataDir,
        dbUrl,
        dbUser,
        dbPassword,
        dbPoolSize,
        secureCookies,
        importSampleWhenEmpty,
        sessionIdleTimeout,
        names,
        evaluatorUrl,
        proverCacheDir,
        chain,
        dpWindow,
        security);
  }

  public AppConfig withEvaluatorUrl(String url) {
    return new AppConfig(
        host,
        port,
        dataDir,
        dbUrl,
        dbUser,
        dbPassword,
        dbPoolSize,
        secureCookies,
        importSampleWhenEmpty,
        sessionIdleTimeout,
        operators,
        url,
        proverCacheDir,
        chain,
        dpWindow,
        security);
  }

  public AppConfig withProverCacheDir(Path dir) {
    return new AppConfig(
        host,
        port,
        dataDir,
        dbUrl,
        dbUser,
        dbPassword,
        dbPoolSize,
        secureCookies,
        importSampleWhenEmpty,
        sessionIdleTimeout,
        operators,
        evaluatorUrl,
        dir,
        chain,
        dpWindow,
        security);
  }

  public AppConfig withChain(ChainConfig newChain) {
    return new AppConfig(
        host,
        port,
        dataDir,
        dbUrl,
        dbUser,
        dbPassword,
        dbPoolSize,
        secureCookies,
        importSampleWhenEmpty,
        sessionIdleTimeout,
        operators,
        evaluatorUrl,
        proverCacheDir,
        newChain,
        dpWindow,
        security);
  }

  public AppConfig withDpWindow(Duration window) {
    return new AppConfig(
        host,
        port,
        dataDir,
        dbUrl,
        dbUser,
        dbPassword,
        dbPoolSize,
        secureCookies,
        importSampleWhenEmpty,
        sessionIdleTimeout,
        operators,
        evaluatorUrl,
        proverCacheDir,
        chain,
        window,
        security);
  }
}
