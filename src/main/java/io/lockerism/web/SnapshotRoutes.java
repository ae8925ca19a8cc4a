package io.lockerism.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.NotFoundResponse;
import io.lockerism.analytics.AnalyticsService;
import io.lockerism.model.Snapshot;
import io.lockerism.session.Session;
import io.lockerism.snapshot.BuildProgress;
import io.lockerism.snapshot.SnapshotService;
import io.lockerism.viewer.AccessService;
import java.util.Map;
import java.util.regex.Pattern;

/** The public current snapshot, and the operator's snapshot page with its build progress bar. */
final class SnapshotRoutes {

  private static final Pattern SNAPSHOT_ID = Pattern.compile("[0-9a-f]{64}");

  private final SnapshotService snapshots;
  private final WebSessions sessions;
  private final AccessService access;
  private final Views views;
  private final AnalyticsService analytics;

  SnapshotRoutes(
      SnapshotService snapshots,
      WebSessions sessions,
      AccessService access,
      Views views,
      AnalyticsService analytics) {
    this.analytics = analytics;
    this.snapshots = snapshots;
    this.sessions = sessions;
    this.access = access;
    this.views = views;
  }

  void register(RoutesConfig routes) {
    routes.get("/api/v1/snapshots/current", this::currentApi);
    routes.get("/api/v1/snapshots/{id}/bytes", this::canonicalBytes);
    routes.get("/admin", this::adminPage);
    routes.post("/admin/snapshots", this::startBuild);
    routes.get("/admin/snapshots/progress", this::progressFragment);
  }

  private void currentApi(Context ctx) {
    ctx.json(JsonBodies.SnapshotView.of(snapshots.current()));
  }

  /**
   * A snapshot's canonical bytes: public, so anyone can recompute its id (their SHA-256) and audit
   * its chain registration ({@code lockerism snapshot audit}). Immutable by construction.
   */
  private void canonicalBytes(Context ctx) {
    String id = ctx.pathParam("id");
    if (!SNAPSHOT_ID.matcher(id).matches()) {
      throw new BadRequestResponse("a snapshot id is 64 lowercase hex digits (SHA-256)");
    }
    Snapshot s =
        snapshots.find(id).orElseThrow(() -> new NotFoundResponse("No snapshot " + id + "."));
    ctx.contentType("application/octet-stream")
        .header("Content-Disposition", "attachment; filename=\"snapshot-" + id + ".bin\"")
        .header("ETag", "\"" + id + "\"")
        .header("Cache-Control", "public, max-age=31536000, immutable")
        .result(s.canonicalBytes());
  }

  private void adminPage(Context ctx) {
    requireOperator(ctx);
    Snapshot current = snapshots.current();
    views.page(
        ctx,
        "admin",
        Map.of(
            "current",
            current,
            "snapshots",
            snapshots.list(),
            "progress",
            snapshots.progress(),
            "privacyWords",
            PrivacyBudgetWords.of(analytics.lifetime(), analytics.window())));
  }

  private void startBuild(Context ctx) {
    requireOperator(ctx);
    BuildProgress progress = snapshots.startBuild();
    views.fragment(ctx, "admin", "build-progress", Map.of("progress", progress));
  }

  private void progressFragment(Context ctx) {
    requireOperator(ctx);
    views.fragment(ctx, "admin", "build-progress", Map.of("progress", snapshots.progress()));
  }

  private void requireOperator(Context ctx) {
    Session s = sessions.current(ctx);
    if (s == null || !s.isAuthenticated()) {
      throw new Viewers.LoginRequired();
    }
    if (!access.isOperator(s)) {
      throw new ForbiddenResponse("Only operators can manage model snapshots.");
    }
  }
}
