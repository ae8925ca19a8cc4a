package io.lockerism.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.lockerism.model.Snapshot;
import io.lockerism.session.Session;
import io.lockerism.snapshot.BuildProgress;
import io.lockerism.snapshot.SnapshotService;
import io.lockerism.viewer.AccessService;
import java.util.Map;

/** The public current snapshot, and the operator's snapshot page with its build progress bar. */
final class SnapshotRoutes {

  private final SnapshotService snapshots;
  private final WebSessions sessions;
  private final AccessService access;
  private final Views views;

  SnapshotRoutes(SnapshotService snapshots, WebSessions sessions, AccessService access,
      Views views) {
    this.snapshots = snapshots;
    this.sessions = sessions;
    this.access = access;
    this.views = views;
  }

  void register(RoutesConfig routes) {
    routes.get("/api/v1/snapshots/current", this::currentApi);
    routes.get("/admin", this::adminPage);
    routes.post("/admin/snapshots", this::startBuild);
    routes.get("/admin/snapshots/progress", this::progressFragment);
  }

  private void currentApi(Context ctx) {
    ctx.json(JsonBodies.SnapshotView.of(snapshots.current()));
  }

  private void adminPage(Context ctx) {
    requireOperator(ctx);
    Snapshot current = snapshots.current();
    views.page(ctx, "admin", Map.of("current", current, "snapshots", snapshots.list(),
        "progress", snapshots.progress()));
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
