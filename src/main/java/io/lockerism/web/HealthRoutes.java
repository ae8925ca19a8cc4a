package io.lockerism.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.lockerism.engine.NativeEngine;
import io.lockerism.store.Database;
import java.util.LinkedHashMap;
import java.util.Map;

/** Liveness and readiness probes. */
final class HealthRoutes {

  private final Database db;
  private final NativeEngine engine;

  HealthRoutes(Database db, NativeEngine engine) {
    this.db = db;
    this.engine = engine;
  }

  void register(RoutesConfig routes) {
    routes.get("/healthz", ctx -> ctx.json(Map.of("status", "ok")));
    routes.get("/readyz", this::readiness);
  }

  private void readiness(Context ctx) {
    Map<String, String> checks = new LinkedHashMap<>();
    checks.put("database", db.isReady() ? "up" : "down");
    checks.put("engine", engineReady() ? "up" : "down");
    boolean ready = !checks.containsValue("down");
    ctx.status(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
        .json(Map.of("status", ready ? "ready" : "not ready", "checks", checks));
  }

  private boolean engineReady() {
    try {
      engine.selfTest();
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }
}
