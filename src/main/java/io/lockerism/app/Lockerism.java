package io.lockerism.app;

import io.lockerism.chain.ChainService;
import io.lockerism.config.AppConfig;
import io.lockerism.engine.NativeEngine;
import io.lockerism.model.Snapshot;
import io.lockerism.session.SessionStore;
import io.lockerism.snapshot.SnapshotService;
import io.lockerism.web.WebServer;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.server.RequestLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One running Lockerism instance: the {@link Components} of a config, serving the web app. */
public final class Lockerism implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Lockerism.class);
  private static final int SNAPSHOT_WATCH_SECONDS = 5;

  private final Components parts;
  private final WebServer web;

  private Lockerism(Components parts, WebServer web) {
    this.parts = parts;
    this.web = web;
  }

  /** Starts everything; fails fast (and cleans up) when the engine or database is unusable. */
  public static Lockerism start(AppConfig config) {
    return start(config, Clock.systemUTC());
  }

  /** Like {@link #start(AppConfig)}, with time (sessions, throttling) read from {@code clock}. */
  public static Lockerism start(AppConfig config, Clock clock) {
    return start(config, clock, System.getenv());
  }

  /** Like {@link #start(AppConfig, Clock)}, reading the operator key from {@code environment}. */
  public static Lockerism start(AppConfig config, Clock clock, Map<String, String> environment) {
    Components parts = Components.of(config, clock, environment);
    try {
      NativeEngine engine = parts.engine();
      engine.selfTest();
      LOG.info("Native engine ready: {}", engine.version());
      parts.catalog().fillNameKeys();
      if (config.importSampleWhenEmpty()) {
        parts.catalog().importSampleIfEmpty();
      }
      SnapshotService snapshots = parts.snapshots();
      Snapshot current = snapshots.current();
      LOG.info(
          "Current snapshot {}: {} profiles × {} features",
          current.id(),
          current.size(),
          current.d());
      Optional<ChainService> chain = parts.chain();
      if (chain.isPresent()) {
        SnapshotRegistrar registrar =
            parts.own(
                new SnapshotRegistrar(
                    parts.provers(), chain.get(), config.chain(), parts.keyOrigins()));
        registrar.register(current);
        snapshots.onNewCurrent(registrar::register);
      } else {
        parts.proofs().warmUp(current);
      }
      housekeeping(parts);
      Map<String, BooleanSupplier> readiness = new LinkedHashMap<>();
      readiness.put("database", parts.database()::isReady);
      readiness.put(
          "engine",
          () -> {
            engine.selfTest();
            return true;
          });
      WebServer web =
          parts.own(
              WebServer.start(
                  new WebServer.Settings(
                      config.host(),
                      config.port(),
                      config.secureCookies(),
                      config.security().trustedProxies(),
                      config.security().pictureHosts()),
                  new WebServer.Services(
                      parts.access(),
                      parts.viewers(),
                      parts.sessions(),
                      parts.catalog(),
                      snapshots,
                      chain.orElse(null),
                      ChainWiring.publishSettings(chain.orElse(null)),
                      readiness,
                      parts.analytics(),
                      parts.keyOrigins())));
      LOG.info("Lockerism is serving on http://{}:{}", displayHost(config.host()), web.port());
      return new Lockerism(parts, web);
    } catch (RuntimeException e) {
      parts.close();
      throw e;
    }
  }

  /**
   * Ends expired sessions (and so locks their vaults) once a minute, and looks for a snapshot
   * another process made current every {@value #SNAPSHOT_WATCH_SECONDS} s, so that it is adopted
   * (and registered on the chain) even while no viewer asks for a feed.
   */
  private static void housekeeping(Components parts) {
    SessionStore sessions = parts.sessions();
    SnapshotService snapshots = parts.snapshots();
    ScheduledExecutorService housekeeper =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "housekeeping");
              t.setDaemon(true);
              return t;
            });
    housekeeper.scheduleAtFixedRate(sessions::sweep, 1, 1, TimeUnit.MINUTES);
    housekeeper.scheduleWithFixedDelay(
        () -> {
          try {
            snapshots.current();
          } catch (RuntimeException e) {
            LOG.warn("Could not check which snapshot is current: {}", e.getMessage());
          }
        },
        SNAPSHOT_WATCH_SECONDS,
        SNAPSHOT_WATCH_SECONDS,
        TimeUnit.SECONDS);
    parts.own(housekeeper::shutdownNow);
  }

  private static String displayHost(String host) {
    return host.equals("0.0.0.0") ? "localhost" : host;
  }

  public int port() {
    return web.port();
  }

  /** The web server's routes, as "METHOD /path" (the API document is checked against them). */
  public List<String> routes() {
    return web.routes();
  }

  /** Sees every request line the web server answers (tests of what access logs would keep). */
  public void setRequestLog(RequestLog log) {
    web.setRequestLog(log);
  }

  public SessionStore sessions() {
    return parts.sessions();
  }

  /** The parts this instance runs on (tests reach services through it). */
  public Components components() {
    return parts;
  }

  @Override
  public void close() {
    parts.close();
  }
}
