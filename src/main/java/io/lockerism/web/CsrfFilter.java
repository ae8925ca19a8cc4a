package io.lockerism.web;

import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HandlerType;
import io.lockerism.session.Session;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;

/**
 * Synchronizer-token CSRF protection for every state-changing request: the session's token must
 * come back in the {@value #HEADER} header (htmx and API clients) or the {@value #FIELD} form
 * field. The JSON log-in and sign-up endpoints are the only exceptions when no session exists yet:
 * they accept only {@code application/json}, which a cross-site page cannot send without a CORS
 * preflight that this server never grants.
 */
final class CsrfFilter {

  static final String HEADER = "X-CSRF-Token";
  static final String FIELD = "_csrf";
  private static final Set<HandlerType> SAFE =
      Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);
  private static final Set<String> JSON_BOOTSTRAP = Set.of("/api/v1/session", "/api/v1/accounts");

  private final WebSessions sessions;

  CsrfFilter(WebSessions sessions) {
    this.sessions = sessions;
  }

  void check(Context ctx) {
    if (SAFE.contains(ctx.method())) {
      return;
    }
    Session session = sessions.current(ctx);
    if (session == null && isJsonBootstrap(ctx)) {
      return;
    }
    if (session == null && !ctx.path().startsWith("/api/")) {
      // A page whose session ended (idle timeout, restart): nothing is changed, and the viewer
      // is sent to log in again instead of a bare 403 that htmx would not even show.
      throw new Viewers.LoginRequired();
    }
    String sent = ctx.header(HEADER);
    if (sent == null && isForm(ctx)) {
      sent = ctx.formParam(FIELD);
    }
    if (session == null || sent == null || !constantTimeEquals(session.csrfToken(), sent)) {
      throw new ForbiddenResponse("Missing or invalid CSRF token. Reload the page and try again.");
    }
  }

  private static boolean isJsonBootstrap(Context ctx) {
    String type = ctx.contentType();
    return ctx.method() == HandlerType.POST
        && JSON_BOOTSTRAP.contains(ctx.path())
        && type != null
        && type.toLowerCase().startsWith("application/json");
  }

  private static boolean isForm(Context ctx) {
    String type = ctx.contentType();
    return type != null
        && (type.startsWith("application/x-www-form-urlencoded")
            || type.startsWith("multipart/form-data"));
  }

  private static boolean constantTimeEquals(String a, String b) {
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
