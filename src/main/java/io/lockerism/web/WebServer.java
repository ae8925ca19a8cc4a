package io.lockerism.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.lockerism.analytics.AnalyticsService;
import io.lockerism.catalog.CatalogService;
import io.lockerism.chain.ChainService;
import io.lockerism.session.SessionStore;
import io.lockerism.snapshot.KeyOrigins;
import io.lockerism.snapshot.SnapshotService;
import io.lockerism.viewer.AccessService;
import io.lockerism.viewer.ViewerService;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.server.RequestLog;

/** The HTTP face of the app: Javalin (embedded Jetty 12) with Thymeleaf pages and a JSON API. */
public final class WebServer implements AutoCloseable {

  /**
   * Where to listen, and whether the session cookie is {@code Secure}.
   *
   * @param trustedProxies addresses whose X-Forwarded-For is believed (see ClientAddress)
   * @param pictureHosts hosts profile pictures may be loaded from (empty: initials only)
   */
  public record Settings(
      String host,
      int port,
      boolean secureCookies,
      java.util.Set<String> trustedProxies,
      java.util.Set<String> pictureHosts) {}

  /**
   * What the web layer needs from the rest of the app; it never reaches past these services.
   *
   * @param chain null when no chain is configured
   * @param readiness named checks behind {@code /readyz} (e.g. database, engine)
   * @param analytics the differentially private statistics (creator pages, operator dashboard)
   * @param keys where each snapshot's keys came from, noted next to every verdict
   */
  public record Services(
      AccessService access,
      ViewerService viewers,
      SessionStore sessions,
      CatalogService catalog,
      SnapshotService snapshots,
      ChainService chain,
      PublishSettings publish,
      Map<String, BooleanSupplier> readiness,
      AnalyticsService analytics,
      KeyOrigins keys) {}

  private final Javalin javalin;

  private WebServer(Javalin javalin) {
    this.javalin = javalin;
  }

  public static WebServer start(Settings settings, Services services) {
    WebSessions sessions = new WebSessions(services.sessions(), settings.secureCookies());
    ThymeleafRenderer renderer = new ThymeleafRenderer();
    RemotePictures pictures = new RemotePictures(settings.pictureHosts());
    Views views =
        new Views(
            sessions,
            services.access(),
            renderer,
            pictures,
            services.keys(),
            PrivacyPromises.load());
    Viewers viewers = new Viewers(sessions, services.viewers());
    CsrfFilter csrf = new CsrfFilter(sessions);
    byte[] openApi = resource("openapi.json");
    SecurityHeaders headers = new SecurityHeaders(settings.secureCookies(), pictures);
    Javalin app =
        Javalin.create(
            cfg -> {
              configure(cfg, renderer, headers);
              cfg.routes.before(
                  ctx -> {
                    BodyLimits.check(ctx);
                    noStore(ctx);
                    sessions.resolve(ctx);
                    csrf.check(ctx);
                  });
              cfg.routes.get("/", ctx -> views.page(ctx, "home", Map.of()));
              cfg.routes.get(
                  "/api/v1/openapi.json",
                  ctx -> ctx.contentType("application/json").result(openApi));
              new HealthRoutes(services.readiness()).register(cfg.routes);
              new CatalogRoutes(services.catalog(), services.viewers(), viewers, views)
                  .register(cfg.routes);
              new AuthRoutes(
                      services.access(),
                      services.viewers(),
                      sessions,
                      viewers,
                      views,
                      new ClientAddress(settings.trustedProxies()),
                      services.analytics())
                  .register(cfg.routes);
              new FeedRoutes(services.viewers(), services.catalog(), viewers, views)
                  .register(cfg.routes);
              new SnapshotRoutes(
                      services.snapshots(),
                      sessions,
                      services.access(),
                      views,
                      services.analytics())
                  .register(cfg.routes);
              new ProofRoutes(services.viewers(), viewers, views, services.publish())
                  .register(cfg.routes);
              new ChainRoutes(
                      services.chain(), services.snapshots(), services.viewers(), viewers, views)
                  .register(cfg.routes);
              new AnalyticsRoutes(
                      services.analytics(),
                      services.catalog(),
                      services.snapshots(),
                      sessions,
                      services.access(),
                      views)
                  .register(cfg.routes);
              new ErrorHandlers(views, sessions).register(cfg.routes);
            });
    app.start(settings.host(), settings.port());
    return new WebServer(app);
  }

  private static void configure(
      JavalinConfig cfg, ThymeleafRenderer renderer, SecurityHeaders headers) {
    cfg.fileRenderer(renderer);
    cfg.jsonMapper(
        new JavalinJackson(
            new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS),
            false));
    cfg.staticFiles.add(
        files -> {
          files.hostedPath = "/static";
          files.directory = "/static";
          files.location = Location.CLASSPATH;
        });
    cfg.staticFiles.enableWebjars();
    cfg.http.maxRequestSize = BodyLimits.MAX_BODY_BYTES;
    cfg.http.prefer405over404 = true;
    cfg.jetty.modifyHttpConfiguration(http -> http.addCustomizer(headers.customizer()));
    cfg.jetty.modifyServletContextHandler(context -> context.insertHandler(new Admission()));
    cfg.jetty.modifyServer(
        server -> {
          server.setStopTimeout(2_000);
          server.setErrorHandler(headers.errorHandler());
        });
  }

  /**
   * Pages and API answers may be personal (a viewer's feed, likes, CSRF token): no cache, shared or
   * private, keeps them. Static files stay cacheable.
   */
  private static void noStore(Context ctx) {
    String path = ctx.path();
    if (!path.startsWith("/static/") && !path.startsWith("/webjars/")) {
      ctx.header("Cache-Control", "no-store");
    }
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

  /**
   * Hands every finished request to {@code log} too, as a proxy's or an access log would see it:
   * tests check that no request line names a profile a viewer liked.
   */
  public void setRequestLog(RequestLog log) {
    javalin.unsafe.jettyInternal.server.setRequestLog(log);
  }

  /** The registered HTTP routes, as "METHOD /path" with Javalin's {@code {param}} syntax. */
  public List<String> routes() {
    return javalin.unsafe.internalRouter.allHttpHandlers().stream()
        .map(e -> e.endpoint.method.name() + " " + e.endpoint.path)
        .toList();
  }

  @Override
  public void close() {
    javalin.stop();
  }
}
