package io.lockerism.web;

import io.javalin.http.Context;
import io.lockerism.session.Session;
import io.lockerism.viewer.ViewerService;

/** Finds the logged-in viewer whose locker is unlocked, or asks them to log in. */
final class Viewers {

  private final WebSessions sessions;
  private final ViewerService viewers;

  Viewers(WebSessions sessions, ViewerService viewers) {
    this.sessions = sessions;
    this.viewers = viewers;
  }

  /** The viewer's session, or a {@link LoginRequired} that ErrorHandlers turns into a log-in. */
  Session require(Context ctx) {
    Session s = optional(ctx);
    if (s == null) {
      throw new LoginRequired();
    }
    return s;
  }

  /** The viewer's session when logged in with an unlocked vault, else null. */
  Session optional(Context ctx) {
    Session s = sessions.current(ctx);
    return s != null && viewers.isUnlocked(s) ? s : null;
  }

  /** Thrown when a request needs a logged-in viewer. */
  static final class LoginRequired extends RuntimeException {
    LoginRequired() {
      super("Log in to see your feed and likes.", null, false, false);
    }
  }
}
