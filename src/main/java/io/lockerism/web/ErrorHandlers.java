package io.lockerism.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.lockerism.account.AccountException;
import io.lockerism.proof.ProofLimitException;
import io.lockerism.store.StoreBusyException;
import io.lockerism.viewer.ViewerException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure into a clear response: JSON {@code {"error": …}} under /api, a friendly page
 * elsewhere. Stack traces go to the log only, never to the client.
 */
final class ErrorHandlers {

  private static final Logger LOG = LoggerFactory.getLogger(ErrorHandlers.class);

  private final Views views;
  private final WebSessions sessions;

  ErrorHandlers(Views views, WebSessions sessions) {
    this.views = views;
    this.sessions = sessions;
  }

  void register(RoutesConfig routes) {
    routes.exception(
        HttpResponseException.class,
        (e, ctx) -> respond(ctx, HttpStatus.forStatus(e.getStatus()), e.getMessage()));
    routes.exception(Viewers.LoginRequired.class, (e, ctx) -> askToLogIn(ctx, e.getMessage()));
    routes.exception(
        ViewerException.class,
        (e, ctx) -> {
          switch (e.reason()) {
            case LOCKED -> askToLogIn(ctx, e.getMessage());
            case LIKE_LIMIT -> respond(ctx, HttpStatus.CONFLICT, e.getMessage());
            case UNKNOWN_PROFILE -> respond(ctx, HttpStatus.NOT_FOUND, e.getMessage());
          }
        });
    routes.exception(
        AccountException.class,
        (e, ctx) -> {
          AuthRoutes.refuse(ctx, e);
          respond(ctx, AuthRoutes.statusOf(e), e.getMessage());
        });
    routes.exception(
        StoreBusyException.class,
        (e, ctx) -> {
          ctx.header("Retry-After", String.valueOf(StoreBusyException.RETRY_AFTER_SECONDS));
          respond(
              ctx,
              HttpStatus.SERVICE_UNAVAILABLE,
              "The service is busy right now. Please try again in a moment.");
        });
    routes.exception(
        ProofLimitException.class,
        (e, ctx) -> {
          if (e.reason() == ProofLimitException.Reason.QUEUE_FULL) {
            ctx.header("Retry-After", String.valueOf(ProofLimitException.RETRY_AFTER_SECONDS));
            respond(ctx, HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
          } else {
            respond(ctx, HttpStatus.TOO_MANY_REQUESTS, e.getMessage());
          }
        });
    routes.exception(
        IllegalArgumentException.class,
        (e, ctx) -> respond(ctx, HttpStatus.BAD_REQUEST, e.getMessage()));
    routes.exception(
        Exception.class,
        (e, ctx) -> {
          LOG.error("Unhandled error on {} {}", ctx.method(), ctx.path(), e);
          respond(
              ctx,
              HttpStatus.INTERNAL_SERVER_ERROR,
              "Something went wrong on our side. Please try again.");
        });
    routes.error(
        404,
        ctx -> {
          if (ctx.result() == null || ctx.result().isEmpty() || !isApi(ctx)) {
            respond(ctx, HttpStatus.NOT_FOUND, notFoundMessage(ctx));
          }
        });
  }

  /** API calls get a 401; pages go to the log-in page and come back afterwards. */
  private void askToLogIn(Context ctx, String message) {
    String like = LoginIntent.likeOf(ctx);
    if (like != null) {
      sessions.holdLike(ctx, like);
    }
    String login =
        "/login?next="
            + URLEncoder.encode(LoginIntent.returnPath(ctx), StandardCharsets.UTF_8)
            + (WebSessions.ended(ctx) ? "&ended=1" : "");
    if (isApi(ctx)) {
      respond(ctx, HttpStatus.UNAUTHORIZED, message);
    } else if ("true".equals(ctx.header("HX-Request"))) {
      ctx.header("HX-Redirect", login).status(HttpStatus.UNAUTHORIZED);
    } else {
      ctx.redirect(login, HttpStatus.SEE_OTHER);
    }
  }

  private static String notFoundMessage(Context ctx) {
    String current = ctx.result();
    return current != null
            && !current.isBlank()
            && !current.startsWith("{")
            && !current.startsWith("<")
        ? current
        : "We could not find that page.";
  }

  private void respond(Context ctx, HttpStatus status, String message) {
    ctx.status(status);
    if (isApi(ctx)) {
      ctx.json(new JsonBodies.ErrorBody(message, status.getCode()));
    } else {
      views.page(
          ctx,
          "error",
          Map.of("status", status.getCode(), "title", status.getMessage(), "message", message));
    }
  }

  private static boolean isApi(Context ctx) {
    return ctx.path().startsWith("/api/");
  }
}
