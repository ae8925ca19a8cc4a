package io.lockerism.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.UnauthorizedResponse;
import io.lockerism.account.AccountException;
import io.lockerism.session.Session;
import io.lockerism.viewer.AccessService;
import java.util.Arrays;
import java.util.Map;

/** Sign-up, log-in, log-out and password change, as pages and as the session API. */
final class AuthRoutes {

  /** What a post-login destination may consist of: printable URL characters of a path. */
  private static final java.util.regex.Pattern SAFE_PATH =
      java.util.regex.Pattern.compile("/[A-Za-z0-9\\-._~!$&'()*+,;=:@%/?]*");

  static final String SESSION_ENDED =
      "Your session ended after a while without activity. Log in again: your likes are kept.";

  private final AccessService access;
  private final WebSessions sessions;
  private final Viewers viewers;
  private final Views views;
  private final ClientAddress clients;

  AuthRoutes(AccessService access, WebSessions sessions, Viewers viewers, Views views,
      ClientAddress clients) {
    this.clients = clients;
    this.access = access;
    this.sessions = sessions;
    this.viewers = viewers;
    this.views = views;
  }

  void register(RoutesConfig routes) {
    routes.get("/signup", ctx -> views.page(ctx, "signup", Map.of()));
    routes.post("/signup", this::signUpForm);
    routes.get("/login", ctx -> views.page(ctx, "login", "1".equals(ctx.queryParam("ended"))
        ? Map.of("next", safeNext(ctx.queryParam("next")), "notice", SESSION_ENDED)
        : Map.of("next", safeNext(ctx.queryParam("next")))));
    routes.post("/login", this::logInForm);
    routes.post("/logout", this::logOutForm);
    routes.get("/account", ctx -> views.page(ctx, "account", accountModel(ctx, null, null)));
    routes.post("/account/password", this::changePasswordForm);
    routes.post("/api/v1/accounts", this::signUpApi);
    routes.post("/api/v1/session", this::logInApi);
    routes.get("/api/v1/session", this::sessionApi);
    routes.delete("/api/v1/session", this::logOutApi);
  }

  private void signUpForm(Context ctx) {
    String username = ctx.formParam("username");
    char[] password = chars(ctx.formParam("password"));
    try {
      sessions.bind(ctx, access.signUp(username, password, sessions.currentId(ctx)));
      ctx.redirect("/for-you", HttpStatus.SEE_OTHER);
    } catch (AccountException e) {
      refuse(ctx, e);
      views.page(ctx, "signup", Map.of("error", e.getMessage(), "username", nz(username)));
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  private void logInForm(Context ctx) {
    String username = ctx.formParam("username");
    String next = safeNext(ctx.formParam("next"));
    char[] password = chars(ctx.formParam("password"));
    try {
      sessions.bind(ctx,
          access.logIn(username, password, clients.of(ctx), sessions.currentId(ctx)));
      ctx.redirect(next, HttpStatus.SEE_OTHER);
    } catch (AccountException e) {
      refuse(ctx, e);
      views.page(ctx, "login",
          Map.of("error", e.getMessage(), "username", nz(username), "next", next));
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  private void changePasswordForm(Context ctx) {
    Session s = viewers.require(ctx);
    char[] current = chars(ctx.formParam("currentPassword"));
    char[] replacement = chars(ctx.formParam("newPassword"));
    try {
      access.changePassword(s, current, replacement);
      views.page(ctx, "account", accountModel(ctx, "Your password is changed.", null));
    } catch (AccountException e) {
      refuse(ctx, e);
      views.page(ctx, "account", accountModel(ctx, null, e.getMessage()));
    } finally {
      Arrays.fill(current, '\0');
      Arrays.fill(replacement, '\0');
    }
  }

  private Map<String, Object> accountModel(Context ctx, String notice, String error) {
    viewers.require(ctx);
    Map<String, Object> model = new java.util.HashMap<>();
    model.put("notice", notice);
    model.put("error", error);
    return model;
  }

  private void logOutForm(Context ctx) {
    logOut(ctx);
    ctx.redirect("/catalog", HttpStatus.SEE_OTHER);
  }

  private void signUpApi(Context ctx) {
    Credentials c = credentials(ctx);
    try {
      Session s = access.signUp(c.username(), c.password(), sessions.currentId(ctx));
      sessions.bind(ctx, s);
      ctx.status(HttpStatus.CREATED).json(sessionJson(s));
    } finally {
      Arrays.fill(c.password(), '\0');
    }
  }

  private void logInApi(Context ctx) {
    Credentials c = credentials(ctx);
    try {
      Session s = access.logIn(c.username(), c.password(), clients.of(ctx),
          sessions.currentId(ctx));
      sessions.bind(ctx, s);
      ctx.json(sessionJson(s));
    } finally {
      Arrays.fill(c.password(), '\0');
    }
  }

  private void sessionApi(Context ctx) {
    Session s = sessions.current(ctx);
    if (s == null || !s.isAuthenticated()) {
      throw new UnauthorizedResponse("Not logged in.");
    }
    ctx.json(sessionJson(s));
  }

  private void logOutApi(Context ctx) {
    logOut(ctx);
    ctx.status(HttpStatus.NO_CONTENT);
  }

  private void logOut(Context ctx) {
    String id = sessions.currentId(ctx);
    if (id != null) {
      access.logOut(id);
    }
    sessions.unbind(ctx);
  }

  private static JsonBodies.SessionView sessionJson(Session s) {
    return new JsonBodies.SessionView(s.account().username(), s.csrfToken());
  }

  private static Credentials credentials(Context ctx) {
    String shape = "{\"username\": \"…\", \"password\": \"…\"}";
    JsonBodies.Credentials body = JsonBodies.read(ctx, JsonBodies.Credentials.class, shape);
    if (body.username() == null || body.password() == null) {
      throw new BadRequestResponse("Body must be JSON: " + shape);
    }
    return new Credentials(body.username(), body.password().toCharArray());
  }

  /** The status of a refusal, with Retry-After when it was throttled. */
  static void refuse(Context ctx, AccountException e) {
    ctx.status(statusOf(e));
    if (!e.retryAfter().isZero()) {
      ctx.header("Retry-After", Long.toString(e.retryAfter().toSeconds()));
    }
  }

  static HttpStatus statusOf(AccountException e) {
    return switch (e.reason()) {
      case INVALID_INPUT -> HttpStatus.BAD_REQUEST;
      case USERNAME_TAKEN -> HttpStatus.CONFLICT;
      case BAD_CREDENTIALS -> HttpStatus.UNAUTHORIZED;
      case THROTTLED -> HttpStatus.TOO_MANY_REQUESTS;
    };
  }

  /**
   * Only same-site absolute paths are allowed as a post-login destination (no open redirects).
   * Browsers drop tabs and newlines from a Location and read '\\' as '/', so "/\t/evil" or
   * "/\\evil" would become the protocol-relative "//evil": only printable ASCII path characters
   * are accepted, and never "//" or a backslash anywhere.
   */
  static String safeNext(String next) {
    if (next == null || next.length() > 2048 || !SAFE_PATH.matcher(next).matches()
        || next.contains("//")) {
      return "/catalog";
    }
    return next;
  }

  private static char[] chars(String s) {
    return s == null ? new char[0] : s.toCharArray();
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  private record Credentials(String username, char[] password) {}
}
