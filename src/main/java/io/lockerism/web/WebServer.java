package io.lockerism.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.lockerism.account.AccountService;
import io.lockerism.analytics.AnalyticsService;
import io.lockerism.catalog.CatalogService;
import io.lockerism.chain.ChainService;
import io.lockerism.config.AppConfig;
import io.lockerism.engine.NativeEngine;
import io.lockerism.feed.FeedService;
import io.lockerism.locker.Locker;
import io.lockerism.proof.ProofService;
import io.lockerism.snapshot.SnapshotService;
import io.lockerism.session.SessionStore;
import io.lockerism.store.Database;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The HTTP face of the app: Javalin (embedded Jetty 12) with Thymeleaf pages and a JSON API. */
public final class WebServer implements AutoCloseable {

  /** What the web layer needs from the rest of the app; it never reaches past these services. */
  public record Services(CatalogService catalog, AccountService accounts, SessionStore sessions,
      Database database, NativeEngine engine, SnapshotService snapshots, Locker locker,
      FeedService feeds, ProofService proofs, ChainService chain, PublishSettings publish,
      AnalyticsService analytics) {}

  private final Javalin javalin;

  private WebServer(Javalin javalin) {
    this.javalin = javalin;
  }

  public static WebServer start(AppConfig config, Services services) {
    WebSessions sessions = new WebSessions(services.sessions(), config.secureCookies());
    ThymeleafRenderer renderer = new ThymeleafRenderer();
    Views views = new Views(sessions, config.operators(), renderer);
    Viewers viewers = new Viewers(sessions, services.locker());
    CsrfFilter csrf = new CsrfFilter(sessions);
    byte[] openApi = resource("openapi.json");
    Javalin app = Javalin.create(cfg -> {
      configure(cfg, renderer);
      cfg.routes.before(ctx -> {
        securityHeaders(ctx);
        sessions.resolve(ctx);
        csrf.check(ctx);
      });
      cfg.routes.get("/", ctx -> ctx.redirect("/catalog", HttpStatus.FOUND));
      cfg.routes.get("/api/v1/openapi.json",
          ctx -> ctx.contentType("application/json").result(openApi));
      new HealthRoutes(services.database(), services.engine()).register(cfg.routes);
      new CatalogRoutes(services.catalog(), services.locker(), viewers, views)
          .register(cfg.routes);
      new AuthRoutes(services.accounts(), services.locker(), sessions, viewers, views)
          .register(cfg.routes);
      new FeedRoutes(services.feeds(), services.locker(), services.catalog(), viewers, views,
          services.analytics()).register(cfg.routes);
      new SnapshotRoutes(services.snapshots(), sessions, config.operators(), views)
          .register(cfg.routes);
      new ProofRoutes(services.proofs(), viewers, views, services.publish()).register(cfg.routes);
      new ChainRoutes(services.chain(), services.snapshots(), services.proofs(), viewers,
          views).register(cfg.routes);
      new AnalyticsRoutes(services.analytics(), services.catalog(), services.snapshots(),
          sessions, config.operators(), views).register(cfg.routes);
      new ErrorHandlers(views).register(cfg.routes);
    });
    app.start(config.host(), config.port());
    return new WebServer(app);
  }

  private static void configure(JavalinConfig cfg, ThymeleafRenderer renderer) {
    cfg.fileRenderer(renderer);
    cfg.jsonMapper(new JavalinJackson(new ObjectMapper()
        .registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS), false));
    cfg.staticFiles.add(files -> {
      files.hostedPath = "/static";
      files.directory = "/static";
      files.location = Location.CLASSPATH;
    });
    cfg.staticFiles.enableWebjars();
    cfg.http.maxRequestSize = 1_000_000L;
    cfg.jetty.modifyServer(server -> server.setStopTimeout(2_000));
  }

  /** Defence in depth: no framing, no sniffing, scripts and styles only from this origin. */
  private static void securityHeaders(Context ctx) {
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Referrer-Policy", "same-origin");
    ctx.header("Content-Security-Policy", "default-src 'self'; img-src 'self' data:;"
        + " style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none';"
        + " form-action 'self'; base-uri 'self'");
  }

  private static byte[] resource(String name) {
    try (InputStream in = WebServer.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return javalin.port();
  }

  @Override
  public void close() {
    javalin.stop();
  }
}
