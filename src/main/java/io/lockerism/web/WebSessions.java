package io.lockerism.web;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import io.lockerism.session.Session;
import io.lockerism.session.SessionStore;

/** Binds {@link SessionStore} sessions to requests through an HttpOnly, SameSite=Lax cookie. */
final class WebSessions {

  static final String COOKIE = "lockerism_session";
  private static final String ATTRIBUTE = "lockerism.session";
  private static final String ENDED = "lockerism.sessionEnded";

  private final SessionStore store;
  private final boolean secureCookies;

  WebSessions(SessionStore store, boolean secureCookies) {
    this.store = store;
    this.secureCookies = secureCookies;
  }

  /** Looks the request's session up once, before any handler runs. */
  void resolve(Context ctx) {
    String id = ctx.cookie(COOKIE);
    store
        .find(id)
        .ifPresentOrElse(
            s -> ctx.attribute(ATTRIBUTE, s),
            () -> {
              if (id != null && !id.isEmpty()) {
                ctx.attribute(ENDED, Boolean.TRUE);
              }
            });
  }

  /** The request carried a session cookie whose session has ended (idle timeout, restart). */
  static boolean ended(Context ctx) {
    return Boolean.TRUE.equals(ctx.attribute(ENDED));
  }

  /** The request's session, or null. */
  Session current(Context ctx) {
    return ctx.attribute(ATTRIBUTE);
  }

  /** The request's session, starting an anonymous one (for forms' CSRF tokens) when needed. */
  Session ensure(Context ctx) {
    Session s = current(ctx);
    if (s == null) {
      s = store.createAnonymous();
      bind(ctx, s);
    }
    return s;
  }

  /**
   * Keeps the like a logged-out request pressed in its session (starting an anonymous one when the
   * old one ended), so the log-in page can apply it without the id ever travelling in a URL.
   */
  void holdLike(Context ctx, String accountId) {
    Session s = ensure(ctx);
    store.holdLike(s.id(), accountId).ifPresent(held -> ctx.attribute(ATTRIBUTE, held));
  }

  /** The id of the request's session, or null. */
  String currentId(Context ctx) {
    Session s = current(ctx);
    return s == null ? null : s.id();
  }

  /** Forgets the request's session and clears its cookie (the session itself is ended apart). */
  void unbind(Context ctx) {
    ctx.attribute(ATTRIBUTE, null);
    ctx.cookie(cookie("", 0));
  }

  /** Makes {@code s} the request's session and sets its cookie. */
  void bind(Context ctx, Session s) {
    ctx.attribute(ATTRIBUTE, s);
    ctx.cookie(cookie(s.id(), -1));
  }

  private Cookie cookie(String value, int maxAge) {
    return new Cookie(COOKIE, value, "/", maxAge, secureCookies, true, null, SameSite.LAX);
  }
}
