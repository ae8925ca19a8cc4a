package io.lockerism.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** Liveness and readiness probes. */
final class HealthRoutes {

  private final Map<String, BooleanSupplier> checks;

  /** {@code checks}: what readiness needs, by name (e.g. database, engine), in report order. */
  HealthRoutes(Map<String, BooleanSupplier> checks) {
    this.checks = checks;
  }

  void register(RoutesConfig routes) {
    routes.get("/healthz", ctx -> ctx.json(new JsonBodies.Health("ok")));
    routes.get("/readyz", this::readiness);
  }

  private void readiness(Context ctx) {
    Map<String, String> results = new LinkedHashMap<>();
    checks.forEach((name, check) -> results.put(name, passes(check) ? "up" : "down"));
    boolean ready = !results.containsValue("down");
    ctx.status(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
        .json(new JsonBodies.Readiness(ready ? "ready" : "not ready", results));
  }

  private static boolean passes(BooleanSupplier check) {
    try {
      return check.getAsBoolean();
    } catch (RuntimeException e) {
      return false;
    }
  }
}
