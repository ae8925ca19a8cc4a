package io.lockerism.app;

import io.lockerism.account.AccountService;
import io.lockerism.analytics.AnalyticsService;
import io.lockerism.analytics.PrivacyPolicy;
import io.lockerism.engine.DpNoise;
import io.lockerism.catalog.CatalogService;
import io.lockerism.chain.ChainService;
import io.lockerism.chain.OperatorKeys;
import io.lockerism.config.ChainConfig;
import io.lockerism.config.AppConfig;
import io.lockerism.engine.NativeEngine;
import io.lockerism.session.SessionStore;
import io.lockerism.engine.LattigoBgv;
import io.lockerism.evaluator.Evaluator;
import io.lockerism.evaluator.Evaluators;
import io.lockerism.feed.FeedService;
import io.lockerism.locker.Locker;
import io.lockerism.model.Snapshot;
import io.lockerism.proof.LedgerTransactions;
import io.lockerism.proof.ProofService;
import io.lockerism.proof.Provers;
import io.lockerism.snapshot.SnapshotService;
import io.lockerism.store.Database;
import java.util.List;
import io.lockerism.web.WebServer;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One running Lockerism instance: database, native engine, services and the web server. */
public final class Lockerism implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Lockerism.class);

  private final Database database;
  private final SessionStore sessions;
  private final ScheduledExecutorService sweeper;
  private final WebServer web;
  /** Closed in this order before the database. */
  private final List<AutoCloseable> parts;

  private Lockerism(Database database, SessionStore sessions, ScheduledExecutorService sweeper,
      WebServer web, List<AutoCloseable> parts) {
    this.database = database;
    this.sessions = sessions;
    this.sweeper = sweeper;
    this.web = web;
    this.parts = parts;
  }

  /** Starts everything; fails fast (and cleans up) when the engine or database is unusable. */
  public static Lockerism start(AppConfig config) {
    NativeEngine engine = NativeEngine.load();
    engine.selfTest();
    LOG.info("Native engine ready: {}", engine.version());
    Database database = Database.open(config.dbUrl(), config.dbUser(), config.dbPassword());
    try {
      CatalogService catalog = new CatalogService(database);
      if (config.importSampleWhenEmpty()) {
        catalog.importSampleIfEmpty();
      }
      Clock clock = Clock.systemUTC();
      SnapshotService snapshots = new SnapshotService(database, catalog, clock);
      Snapshot current = snapshots.current();
      LOG.info("Current snapshot {}: {} profiles × {} features", current.id(), current.size(),
          current.d());
      LattigoBgv bgv = new LattigoBgv(engine);
      Evaluator evaluator = Evaluators.create(config.evaluatorUrl(), bgv);
      Locker locker = new Locker(database, bgv, snapshots);
      SessionStore sessions = new SessionStore(clock, config.sessionIdleTimeout());
      sessions.onSessionEnd(s -> locker.lock(s.id()));
      AccountService accounts = new AccountService(database, clock);
      ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "session-sweeper");
        t.setDaemon(true);
        return t;
      });
      sweeper.scheduleAtFixedRate(sessions::sweep, 1, 1, TimeUnit.MINUTES);
      Provers provers = new Provers(engine, config.proverCacheDir());
      AnalyticsService analytics = new AnalyticsService(database, DpNoise.load(),
          PrivacyPolicy.defaults(), config.dpWindow(), clock,
          () -> snapshots.current().accountIds()).start();
      ChainService chain = startChain(config, database, engine);
      if (chain != null) {
        chain.recordActivityTo(analytics);
      }
      ProofService proofs = new ProofService(locker, evaluator, provers,
          chain == null ? LedgerTransactions.NONE : ChainWiring.ledgerTransactions(chain),
          analytics);
      SnapshotRegistrar registrar = chain == null ? null : new SnapshotRegistrar(provers, chain);
      if (registrar != null) {
        registrar.register(current);
        snapshots.onNewCurrent(registrar::register);
      } else {
        proofs.warmUp(current);
      }
      WebServer web = WebServer.start(config, new WebServer.Services(catalog, accounts, sessions,
          database, engine, snapshots, locker, new FeedService(locker, evaluator), proofs,
          chain, ChainWiring.publishSettings(chain), analytics));
      LOG.info("Lockerism is serving on http://{}:{}", displayHost(config.host()), web.port());
      List<AutoCloseable> parts = new java.util.ArrayList<>(
          List.of(web, proofs, analytics, provers, locker, evaluator, snapshots));
      if (chain != null) {
        parts.add(1, registrar);
        parts.add(chain);
      }
      return new Lockerism(database, sessions, sweeper, web, parts);
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
  }

  private static ChainService startChain(AppConfig config, Database database,
      NativeEngine engine) {
    if (config.chain().mode() == ChainConfig.Mode.NONE) {
      return null;
    }
    return ChainService.start(config.chain(), config.dataDir(), database, engine,
        OperatorKeys.load(System.getenv(), OperatorKeys.KEY_ENV, null, null));
  }

  private static String displayHost(String host) {
    return host.equals("0.0.0.0") ? "localhost" : host;
  }

  public int port() {
    return web.port();
  }

  public SessionStore sessions() {
    return sessions;
  }

  @Override
  public void close() {
    sweeper.shutdownNow();
    for (AutoCloseable part : parts) {
      try {
        part.close();
      } catch (Exception e) {
        LOG.warn("Error while stopping {}", part.getClass().getSimpleName(), e);
      }
    }
    database.close();
  }
}
