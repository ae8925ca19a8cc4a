package io.lockerism.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.lockerism.account.AccountException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure into a clear response: JSON {@code {"error": …}} under /api, a friendly
 * page elsewhere. Stack traces go to the log only, never to the client.
 */
final class ErrorHandlers {

  private static final Logger LOG = LoggerFactory.getLogger(ErrorHandlers.class);

  private final Views views;

  ErrorHandlers(Views views) {
    this.views = views;
  }

  void register(RoutesConfig routes) {
    routes.exception(HttpResponseException.class,
        (e, ctx) -> respond(ctx, HttpStatus.forStatus(e.getStatus()), e.getMessage()));
    routes.exception(AccountException.class,
        (e, ctx) -> respond(ctx, AuthRoutes.statusOf(e), e.getMessage()));
    routes.exception(IllegalArgumentException.class,
        (e, ctx) -> respond(ctx, HttpStatus.BAD_REQUEST, e.getMessage()));
    routes.exception(Exception.class, (e, ctx) -> {
      LOG.error("Unhandled error on {} {}", ctx.method(), ctx.path(), e);
      respond(ctx, HttpStatus.INTERNAL_SERVER_ERROR,
          "Something went wrong on our side. Please try again.");
    });
    routes.error(404, ctx -> {
      if (ctx.result() == null || ctx.result().isEmpty() || !isApi(ctx)) {
        respond(ctx, HttpStatus.NOT_FOUND, notFoundMessage(ctx));
      }
    });
  }

  private static String notFoundMessage(Context ctx) {
    String current = ctx.result();
    return current != null && !current.isBlank() && !current.startsWith("{") && !current.startsWith("<")
        ? current : "We could not find that page.";
  }

  private void respond(Context ctx, HttpStatus status, String message) {
    ctx.status(status);
    if (isApi(ctx)) {
      ctx.json(Map.of("error", message, "status", status.getCode()));
    } else {
      views.page(ctx, "error", Map.of("status", status.getCode(), "title", status.getMessage(),
          "message", message));
    }
  }

  private static boolean isApi(Context ctx) {
    return ctx.path().startsWith("/api/");
  }
}
