package io.lockerism.app;

import io.lockerism.account.AccountService;
import io.lockerism.analytics.AnalyticsService;
import io.lockerism.analytics.PrivacyPolicy;
import io.lockerism.catalog.CatalogService;
import io.lockerism.chain.ChainService;
import io.lockerism.chain.OperatorKeys;
import io.lockerism.config.AppConfig;
import io.lockerism.config.ChainConfig;
import io.lockerism.engine.DpNoise;
import io.lockerism.engine.FeedProver;
import io.lockerism.engine.LattigoBgv;
import io.lockerism.engine.NativeEngine;
import io.lockerism.evaluator.Evaluator;
import io.lockerism.evaluator.Evaluators;
import io.lockerism.interest.InterestStore;
import io.lockerism.locker.Locker;
import io.lockerism.proof.LedgerTransactions;
import io.lockerism.proof.ProofService;
import io.lockerism.proof.Provers;
import io.lockerism.session.SessionStore;
import io.lockerism.snapshot.KeyOrigins;
import io.lockerism.snapshot.SnapshotService;
import io.lockerism.store.Database;
import io.lockerism.store.PrivateFiles;
import io.lockerism.viewer.AccessService;
import io.lockerism.viewer.QueryCache;
import io.lockerism.viewer.ViewerService;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Credentials;

/**
 * The composition root: the one place that builds the app's parts from an {@link AppConfig}, for
 * {@code serve} and for every command line tool alike. Each part is built once, on first use, so a
 * command gets only what it needs ({@code import} never loads the native engine); closing closes
 * what was built, last built first, so nothing outlives what it depends on.
 */
public final class Components implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Components.class);

  /**
   * Engine memory for viewers' queries kept between feeds: ~1 MB each at 1,000 profiles, 4 MB at
   * 100,000 (docs/he-engine.md), so a few hundred viewers' worth on a small catalog.
   */
  static final long QUERY_CACHE_BYTES = 256L << 20;

  private final AppConfig config;
  private final Clock clock;
  private final Deque<AutoCloseable> built = new ArrayDeque<>();

  private Database database;
  private NativeEngine engine;
  private LattigoBgv bgv;
  private CatalogService catalog;
  private SnapshotService snapshots;
  private Provers provers;
  private Evaluator evaluator;
  private Locker locker;
  private SessionStore sessions;
  private AccountService accounts;
  private InterestStore interests;
  private ProofService proofs;
  private ViewerService viewers;
  private AccessService access;
  private AnalyticsService analytics;
  private Optional<ChainService> chain;
  private KeyOrigins keyOrigins;

  /** Where the operator's key is read from (the process environment; tests pass their own). */
  private final Map<String, String> environment;

  private Components(AppConfig config, Clock clock, Map<String, String> environment) {
    this.config = config;
    this.clock = clock;
    this.environment = environment;
  }

  /** The parts of an app configured by {@code config}, on the system clock. */
  public static Components of(AppConfig config) {
    return of(config, Clock.systemUTC());
  }

  public static Components of(AppConfig config, Clock clock) {
    return of(config, clock, System.getenv());
  }

  /** Like {@link #of(AppConfig, Clock)}, reading the operator key from {@code environment}. */
  public static Components of(AppConfig config, Clock clock, Map<String, String> environment) {
    return new Components(config, clock, environment);
  }

  public AppConfig config() {
    return config;
  }

  public Clock clock() {
    return clock;
  }

  /**
   * The database, migrated to the latest schema. The embedded one lives in an owner-only data
   * directory; H2's TCP server (only with --h2-tcp) listens on loopback only.
   */
  public synchronized Database database() {
    if (database == null) {
      boolean embedded = config.dbUrl().startsWith("jdbc:h2:file:");
      if (embedded) {
        PrivateFiles.secureDataDirectory(config.dataDir());
      }
      // Read once when H2 loads; without it AUTO_SERVER listens on every interface.
      System.getProperties().putIfAbsent("h2.bindAddress", "127.0.0.1");
      database = own(openDatabase());
      if (embedded) {
        PrivateFiles.secureFiles(config.dataDir().resolve("db"));
      }
    }
    return database;
  }

  private Database openDatabase() {
    try {
      return Database.open(
          config.jdbcUrl(), config.dbUser(), config.dbPassword(), config.dbPoolSize());
    } catch (RuntimeException e) {
      if (lockedByAnotherProcess(e)) {
        throw new IllegalStateException(
            "the database in "
                + config.dataDir()
                + " is open in "
                + "another process (is `lockerism serve` running?). Stop it first, or start every "
                + "process on this data directory with --h2-tcp (LOCKERISM_H2_TCP=true).",
            e);
      }
      throw e;
    }
  }

  /** H2's "Database may be already in use" (90020), wherever it sits in the cause chain. */
  private static boolean lockedByAnotherProcess(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.sql.SQLException sql && sql.getErrorCode() == 90020) {
        return true;
      }
    }
    return false;
  }

  /** The native engine, loaded once per JVM. */
  public synchronized NativeEngine engine() {
    if (engine == null) {
      engine = NativeEngine.load();
    }
    return engine;
  }

  public synchronized LattigoBgv bgv() {
    if (bgv == null) {
      bgv = new LattigoBgv(engine());
    }
    return bgv;
  }

  public synchronized CatalogService catalog() {
    if (catalog == null) {
      catalog = new CatalogService(database());
    }
    return catalog;
  }

  public synchronized SnapshotService snapshots() {
    if (snapshots == null) {
      snapshots = own(new SnapshotService(database(), catalog(), clock));
    }
    return snapshots;
  }

  /** Feed provers by snapshot, over the configured prover cache directory. */
  public synchronized Provers provers() {
    if (provers == null) {
      provers =
          own(
              Provers.sharedThrough(
                  engine(), config.proverCacheDir(), database(), InstanceId.of(config.dataDir())));
    }
    return provers;
  }

  /** In-process scoring, or the remote evaluator at the configured URL. */
  public synchronized Evaluator evaluator() {
    if (evaluator == null) {
      evaluator =
          own(Evaluators.create(config.evaluatorUrl(), config.security().evaluatorToken(), bgv()));
    }
    return evaluator;
  }

  public synchronized Locker locker() {
    if (locker == null) {
      locker = own(new Locker(database(), bgv()));
    }
    return locker;
  }

  /** Server-side sessions; each one's end locks its vault. */
  public synchronized SessionStore sessions() {
    if (sessions == null) {
      sessions = new SessionStore(clock, config.sessionIdleTimeout());
      Locker l = locker();
      sessions.onSessionEnd(s -> l.lock(s.id()));
    }
    return sessions;
  }

  public synchronized AccountService accounts() {
    if (accounts == null) {
      accounts = new AccountService(database(), clock);
    }
    return accounts;
  }

  /** Each viewer's sealed like-set and Enc(u). */
  public synchronized InterestStore interests() {
    if (interests == null) {
      interests = new InterestStore(database(), bgv());
    }
    return interests;
  }

  public synchronized ProofService proofs() {
    if (proofs == null) {
      LedgerTransactions ledger =
          chain().map(ChainWiring::ledgerTransactions).orElse(LedgerTransactions.NONE);
      proofs =
          own(
              new ProofService(
                  database(),
                  InstanceId.of(config.dataDir()),
                  provers(),
                  ledger,
                  analytics(),
                  clock));
    }
    return proofs;
  }

  /** A viewer's use cases: likes, feed, why, proofs. */
  public synchronized ViewerService viewers() {
    if (viewers == null) {
      viewers =
          new ViewerService(
              locker(),
              interests(),
              snapshots(),
              evaluator(),
              new QueryCache(evaluator().inProcess() ? QUERY_CACHE_BYTES : 0),
              proofs(),
              analytics());
    }
    return viewers;
  }

  /**
   * Differentially private statistics: in-memory counters of the current release window, released
   * with noise at its end (docs/privacy.md). Published proofs are counted by the instance whose
   * ledger follower stores them first.
   */
  public synchronized AnalyticsService analytics() {
    if (analytics == null) {
      SnapshotService s = snapshots();
      analytics =
          own(
              new AnalyticsService(
                      database(),
                      DpNoise.load(),
                      PrivacyPolicy.defaults(),
                      config.dpWindow(),
                      clock,
                      () -> s.current().accountIds())
                  .start());
      chain()
          .ifPresent(
              c ->
                  c.follower()
                      .onNewRecord(r -> analytics.proofPublished(r.submitter().toString())));
    }
    return analytics;
  }

  /** Sign-up, log-in and out, password changes. */
  public synchronized AccessService access() {
    if (access == null) {
      access =
          new AccessService(
              database(),
              accounts(),
              sessions(),
              locker(),
              interests(),
              snapshots(),
              config.operators());
    }
    return access;
  }

  /**
   * The configured chain (embedded dev chain or an RPC endpoint), started on first use; empty with
   * {@code --chain none}. Signs registrations with the key in {@value OperatorKeys#KEY_ENV} when
   * set (rpc mode; the embedded chain signs with its own deployer).
   */
  public synchronized Optional<ChainService> chain() {
    if (chain == null) {
      chain =
          config.chain().mode() == ChainConfig.Mode.NONE
              ? Optional.empty()
              : Optional.of(
                  chainWith(OperatorKeys.load(environment, OperatorKeys.KEY_ENV, null, null)));
    }
    return chain;
  }

  /** A chain service on {@code chainConfig} that signs with {@code operator} (operator tools). */
  public synchronized ChainService chain(ChainConfig chainConfig, Credentials operator) {
    return own(
        ChainService.start(
            chainConfig,
            config.dataDir(),
            database(),
            chainConfig.mode() == ChainConfig.Mode.EMBEDDED ? engine() : null,
            operator));
  }

  private ChainService chainWith(Credentials operator) {
    return chain(config.chain(), operator);
  }

  /**
   * Where each snapshot's keys came from and what became of its registration, for the note the
   * pages show next to every verdict. Read from this process's provers and registrar first, then
   * from the chain's registry entries.
   */
  public synchronized KeyOrigins keyOrigins() {
    if (keyOrigins == null) {
      Optional<ChainService> c = chain();
      Provers p = provers();
      SnapshotService s = snapshots();
      keyOrigins =
          new KeyOrigins(
              switch (config.chain().mode()) {
                case NONE -> KeyOrigins.Chain.NONE;
                case EMBEDDED -> KeyOrigins.Chain.EMBEDDED;
                case RPC -> KeyOrigins.Chain.RPC;
              },
              c.map(x -> x.info().chainId()).orElse(0L),
              () -> s.current().id(),
              id -> p.knownSetup(id).map(FeedProver.SetupInfo::kind),
              id -> c.flatMap(x -> x.registry().registeredSetup(id)));
    }
    return keyOrigins;
  }

  /** Registers a part built outside (e.g. the web server) to be closed with the others. */
  public synchronized <T extends AutoCloseable> T own(T part) {
    built.push(part);
    return part;
  }

  @Override
  public synchronized void close() {
    while (!built.isEmpty()) {
      AutoCloseable part = built.pop();
      try {
        part.close();
      } catch (Exception e) {
        LOG.warn("Error while stopping {}", part.getClass().getSimpleName(), e);
      }
    }
  }
}
