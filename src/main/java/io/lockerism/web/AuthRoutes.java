package io.lockerism.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.UnauthorizedResponse;
import io.lockerism.account.Account;
import io.lockerism.account.AccountException;
import io.lockerism.account.AccountService;
import io.lockerism.locker.Locker;
import io.lockerism.session.Session;
import java.util.Arrays;
import java.util.Map;

/** Sign-up, log-in and log-out, as pages and as the session API. */
final class AuthRoutes {

  static final String SESSION_ENDED =
      "Your session ended after a while without activity. Log in again: your likes are kept.";

  private final AccountService accounts;
  private final Locker locker;
  private final WebSessions sessions;
  private final Viewers viewers;
  private final Views views;

  AuthRoutes(AccountService accounts, Locker locker, WebSessions sessions, Viewers viewers,
      Views views) {
    this.accounts = accounts;
    this.locker = locker;
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
      Account account = accounts.signUp(username, password);
      startSession(ctx, account, password);
      ctx.redirect("/for-you", HttpStatus.SEE_OTHER);
    } catch (AccountException e) {
      ctx.status(statusOf(e));
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
      Account account = accounts.logIn(username, password, ctx.ip());
      startSession(ctx, account, password);
      ctx.redirect(next, HttpStatus.SEE_OTHER);
    } catch (AccountException e) {
      ctx.status(statusOf(e));
      views.page(ctx, "login",
          Map.of("error", e.getMessage(), "username", nz(username), "next", next));
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  /** A fresh session whose locker is unlocked with the password just checked. */
  private Session startSession(Context ctx, Account account, char[] password) {
    Session s = sessions.logIn(ctx, account);
    locker.unlock(s.id(), account.id(), password);
    return s;
  }

  private void changePasswordForm(Context ctx) {
    Session s = viewers.require(ctx);
    char[] current = chars(ctx.formParam("currentPassword"));
    char[] replacement = chars(ctx.formParam("newPassword"));
    try {
      long id = s.account().id();
      accounts.changePassword(id, current, replacement, c -> {
        locker.reseal(c, id, current, replacement);
        return null;
      });
      views.page(ctx, "account", accountModel(ctx, "Your password is changed.", null));
    } catch (AccountException e) {
      ctx.status(statusOf(e));
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
    sessions.logOut(ctx);
    ctx.redirect("/catalog", HttpStatus.SEE_OTHER);
  }

  private void signUpApi(Context ctx) {
    Credentials c = credentials(ctx);
    try {
      Account account = accounts.signUp(c.username(), c.password());
      ctx.status(HttpStatus.CREATED).json(sessionJson(startSession(ctx, account, c.password())));
    } finally {
      Arrays.fill(c.password(), '\0');
    }
  }

  private void logInApi(Context ctx) {
    Credentials c = credentials(ctx);
    try {
      Account account = accounts.logIn(c.username(), c.password(), ctx.ip());
      ctx.json(sessionJson(startSession(ctx, account, c.password())));
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
    sessions.logOut(ctx);
    ctx.status(HttpStatus.NO_CONTENT);
  }

  private static Map<String, Object> sessionJson(Session s) {
    return Map.of("username", s.account().username(), "csrfToken", s.csrfToken());
  }

  private static Credentials credentials(Context ctx) {
    Map<?, ?> body;
    try {
      body = ctx.bodyAsClass(Map.class);
    } catch (Exception e) { // Jackson's parse errors arrive as undeclared checked exceptions
      throw new BadRequestResponse("Body must be JSON: {\"username\": \"…\", \"password\": \"…\"}");
    }
    Object username = body == null ? null : body.get("username");
    Object password = body == null ? null : body.get("password");
    if (!(username instanceof String u) || !(password instanceof String p)) {
      throw new BadRequestResponse("Body must be JSON: {\"username\": \"…\", \"password\": \"…\"}");
    }
    return new Credentials(u, p.toCharArray());
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
  private static String safeNext(String next) {
    if (next == null || !next.startsWith("/") || next.startsWith("//") || next.contains("\\")) {
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
