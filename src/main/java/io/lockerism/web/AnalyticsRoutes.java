package io.lockerism.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.NotFoundResponse;
import io.lockerism.analytics.AnalyticsReport;
import io.lockerism.analytics.AnalyticsService;
import io.lockerism.analytics.LifetimeBudget;
import io.lockerism.analytics.Release;
import io.lockerism.analytics.SeriesReport;
import io.lockerism.catalog.CatalogService;
import io.lockerism.catalog.Profile;
import io.lockerism.session.Session;
import io.lockerism.snapshot.SnapshotService;
import io.lockerism.viewer.AccessService;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Differentially private statistics: a creator's analytics (public, like the profile: every number
 * on it is a DP release) and the operator's dashboard, as pages with SVG charts and as JSON under
 * /api/v1.
 */
final class AnalyticsRoutes {

  private final AnalyticsService analytics;
  private final CatalogService catalog;
  private final SnapshotService snapshots;
  private final WebSessions sessions;
  private final AccessService access;
  private final Views views;

  AnalyticsRoutes(
      AnalyticsService analytics,
      CatalogService catalog,
      SnapshotService snapshots,
      WebSessions sessions,
      AccessService access,
      Views views) {
    this.analytics = analytics;
    this.catalog = catalog;
    this.snapshots = snapshots;
    this.sessions = sessions;
    this.access = access;
    this.views = views;
  }

  void register(RoutesConfig routes) {
    routes.get("/profiles/{accountId}/analytics", this::creatorPage);
    routes.get("/api/v1/profiles/{accountId}/analytics", this::creatorApi);
    routes.get("/admin/analytics", this::dashboardPage);
    routes.get("/api/v1/admin/analytics", this::dashboardApi);
  }

  private void creatorPage(Context ctx) {
    Profile profile = profile(ctx);
    AnalyticsReport report = analytics.creator(profile.accountId());
    Map<String, Object> model = pageModel(report);
    model.put("profile", profile);
    model.put("title", "Analytics of " + profile.displayName());
    views.page(ctx, "analytics", model);
  }

  private void creatorApi(Context ctx) {
    Profile profile = profile(ctx);
    Map<String, Object> json = json(analytics.creator(profile.accountId()));
    json.put("accountId", profile.accountId());
    ctx.json(json);
  }

  private void dashboardPage(Context ctx) {
    requireOperator(ctx);
    AnalyticsReport report = analytics.dashboard();
    Map<String, Object> model = pageModel(report);
    Map<String, Object> system = system();
    model.put("system", system);
    model.put("uptimeText", durationText(Duration.ofSeconds((Long) system.get("uptimeSeconds"))));
    model.put("title", "Operator dashboard");
    views.page(ctx, "analytics", model);
  }

  private void dashboardApi(Context ctx) {
    requireOperator(ctx);
    Map<String, Object> json = json(analytics.dashboard());
    json.put("system", system());
    ctx.json(json);
  }

  /** Figures that involve no viewer data, shown as they are. */
  private Map<String, Object> system() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("profiles", catalog.count());
    m.put("snapshotId", snapshots.current().id());
    m.put("snapshotProfiles", snapshots.current().size());
    m.put("uptimeSeconds", Duration.between(analytics.startedAt(), Instant.now()).toSeconds());
    return m;
  }

  private Profile profile(Context ctx) {
    return catalog
        .find(ctx.pathParam("accountId"))
        .orElseThrow(() -> new NotFoundResponse("No profile with that account id."));
  }

  private static Map<String, Object> pageModel(AnalyticsReport report) {
    Map<String, Object> model = new java.util.HashMap<>();
    model.put("report", report);
    model.put("charts", charts(report));
    model.put(
        "budgetLabel", ReleaseChart.windowLabel(report.budget().windowStart(), report.window()));
    model.put("windowText", durationText(report.window()));
    model.put("windowNoun", WindowWords.noun(report.window()));
    model.put("privacyWords", PrivacyBudgetWords.of(report.lifetime(), report.window()));
    model.put("profile", null);
    model.put("system", null);
    return model;
  }

  /** "1 day", "2 h 5 min", "30 s": the largest two units. */
  static String durationText(Duration d) {
    long s = d.toSeconds();
    long[] sizes = {86_400, 3_600, 60, 1};
    String[] names = {" day", " h", " min", " s"};
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < sizes.length && parts.size() < 2; i++) {
      long n = s / sizes[i];
      s %= sizes[i];
      if (n > 0) {
        parts.add(n + names[i] + (i == 0 && n > 1 ? "s" : ""));
      }
    }
    return parts.isEmpty() ? "0 s" : String.join(" ", parts);
  }

  private static List<Map<String, Object>> charts(AnalyticsReport report) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (SeriesReport s : report.series()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("series", s);
      m.put("counts", s.series().counts(WindowWords.noun(report.window())));
      m.put("chart", ReleaseChart.of(s, report.window()));
      m.put("latest", s.latestClosed());
      m.put(
          "latestLabel",
          s.latestClosed() == null
              ? null
              : ReleaseChart.windowLabel(s.latestClosed().start(), report.window()));
      m.put("id", s.series().key());
      out.add(m);
    }
    return out;
  }

  private static Map<String, Object> json(AnalyticsReport report) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("scope", report.scope().name().toLowerCase(Locale.ROOT));
    m.put("windowSeconds", report.window().toSeconds());
    m.put("confidence", 0.95);
    LifetimeBudget life = report.lifetime();
    m.put("rhoPerViewerWindow", life.rhoPerWindow());
    m.put("epsilonPerViewerWindow", life.epsilonPerWindow());
    m.put("delta", life.delta());
    m.put(
        "viewerLifetime",
        Map.of(
            "rhoBound", life.boundRho(),
            "epsilonBound", life.epsilonBound(),
            "windowsBound", life.windowsBound(),
            "windowsSoFar", life.windowsSoFar(),
            "rhoSoFar", life.rhoSoFar(),
            "epsilonSoFar", life.epsilonSoFar()));
    m.put(
        "budget",
        Map.of(
            "windowStart",
            report.budget().windowStart().toString(),
            "rho",
            report.budget().budget(),
            "spent",
            report.budget().spent(),
            "left",
            report.budget().left()));
    List<Map<String, Object>> series = new ArrayList<>();
    for (SeriesReport s : report.series()) {
      Map<String, Object> j = new LinkedHashMap<>();
      j.put("key", s.series().key());
      j.put("title", s.series().title());
      j.put("counts", s.series().counts(WindowWords.noun(report.window())));
      j.put("rho", s.rho());
      j.put("noiseScale", s.scale());
      List<Map<String, Object>> releases = new ArrayList<>();
      for (Release r : s.releases()) {
        Map<String, Object> rj = new LinkedHashMap<>();
        rj.put("windowStart", r.start().toString());
        rj.put("windowEnd", r.end().toString());
        rj.put("status", r.status().name().toLowerCase(Locale.ROOT));
        if (r.released()) {
          rj.put("value", r.value());
          rj.put("low", r.low());
          rj.put("high", r.high());
          rj.put("partials", r.partials());
        }
        releases.add(rj);
      }
      j.put("releases", releases);
      series.add(j);
    }
    m.put("series", series);
    return m;
  }

  private void requireOperator(Context ctx) {
    Session s = sessions.current(ctx);
    if (s == null || !s.isAuthenticated()) {
      throw new Viewers.LoginRequired();
    }
    if (!access.isOperator(s)) {
      throw new ForbiddenResponse("Only operators can see the dashboard.");
    }
  }
}
