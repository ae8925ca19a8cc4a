package io.lockerism.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.UnauthorizedResponse;
import io.lockerism.account.AccountException;
import io.lockerism.analytics.AnalyticsService;
import io.lockerism.model.LikeAction;
import io.lockerism.session.Session;
import io.lockerism.viewer.AccessService;
import io.lockerism.viewer.ViewerService;
import java.util.Arrays;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sign-up, log-in, log-out and password change, as pages and as the session API. */
final class AuthRoutes {

  static final String SESSION_ENDED =
      "Your session ended after a while without activity. Log in again: your likes are kept.";

  private static final Logger LOG = LoggerFactory.getLogger(AuthRoutes.class);

  private final AccessService access;
  private final ViewerService viewerService;
  private final WebSessions sessions;
  private final Viewers viewers;
  private final Views views;
  private final ClientAddress clients;
  private final AnalyticsService analytics;

  AuthRoutes(
      AccessService access,
      ViewerService viewerService,
      WebSessions sessions,
      Viewers viewers,
      Views views,
      ClientAddress clients,
      AnalyticsService analytics) {
    this.clients = clients;
    this.analytics = analytics;
    this.access = access;
    this.viewerService = viewerService;
    this.sessions = sessions;
    this.viewers = viewers;
    this.views = views;
  }

  void register(RoutesConfig routes) {
    routes.get("/signup", ctx -> views.page(ctx, "signup", Map.of()));
    routes.post("/signup", this::signUpForm);
    routes.get("/login", this::logInPage);
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

  /** Already logged in: straight on to where the viewer was going. */
  private void logInPage(Context ctx) {
    String next = safeNext(ctx.queryParam("next"));
    if (viewers.optional(ctx) != null) {
      ctx.redirect(next, HttpStatus.SEE_OTHER);
      return;
    }
    Map<String, Object> model = new java.util.HashMap<>();
    model.put("next", next);
    model.put("like", pendingLike(ctx));
    if ("1".equals(ctx.queryParam("ended"))) {
      model.put("notice", SESSION_ENDED);
    }
    views.page(ctx, "login", model);
  }

  private void logInForm(Context ctx) {
    String username = ctx.formParam("username");
    String next = safeNext(ctx.formParam("next"));
    String like = pendingLike(ctx);
    char[] password = chars(ctx.formParam("password"));
    try {
      Session s = access.logIn(username, password, clients.of(ctx), sessions.currentId(ctx));
      sessions.bind(ctx, s);
      applyLike(s, like);
      ctx.redirect(next, HttpStatus.SEE_OTHER);
    } catch (AccountException e) {
      refuse(ctx, e);
      Map<String, Object> model = new java.util.HashMap<>();
      model.put("error", e.getMessage());
      model.put("username", nz(username));
      model.put("next", next);
      model.put("like", like);
      views.page(ctx, "login", model);
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  /** The like held in this (anonymous) session since a logged-out press, or null. */
  private String pendingLike(Context ctx) {
    Session s = sessions.current(ctx);
    return s == null ? null : s.pendingLike();
  }

  /**
   * The like a logged-out viewer pressed before logging in. Best effort: an unknown creator or a
   * full like list leaves the likes as they are, and the viewer sees them on the page they return
   * to.
   */
  private void applyLike(Session s, String like) {
    if (like == null) {
      return;
    }
    try {
      viewerService.changeLike(s, like, LikeAction.LIKE);
    } catch (RuntimeException e) {
      LOG.debug("A like kept through log-in was not applied: {}", e.getClass().getSimpleName());
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
    Session s = viewers.require(ctx);
    Map<String, Object> model = new java.util.HashMap<>();
    model.put(
        "privacyWords",
        PrivacyBudgetWords.ofViewer(analytics.viewer(s.account().id()), analytics.window()));
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
      Session s =
          access.logIn(c.username(), c.password(), clients.of(ctx), sessions.currentId(ctx));
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

  /** Only same-site paths are allowed as a post-login destination (no open redirects). */
  static String safeNext(String next) {
    return LoginIntent.safePath(next, "/catalog");
  }

  private static char[] chars(String s) {
    return s == null ? new char[0] : s.toCharArray();
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  private record Credentials(String username, char[] password) {}
}
