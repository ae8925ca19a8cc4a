package io.lockerism.web;

import io.javalin.http.Context;
import io.lockerism.locker.Locker;
import io.lockerism.session.Session;

/** Finds the logged-in viewer whose locker is unlocked, or asks them to log in. */
final class Viewers {

  private final WebSessions sessions;
  private final Locker locker;

  Viewers(WebSessions sessions, Locker locker) {
    this.sessions = sessions;
    this.locker = locker;
  }

  /** The viewer's session, or a {@link LoginRequired} that ErrorHandlers turns into a log-in. */
  Session require(Context ctx) {
    Session s = optional(ctx);
    if (s == null) {
      throw new LoginRequired();
    }
    return s;
  }

  /** The viewer's session when logged in with an unlocked locker, else null. */
  Session optional(Context ctx) {
    Session s = sessions.current(ctx);
    return s != null && s.isAuthenticated() && locker.isUnlocked(s.id()) ? s : null;
  }

  /** Thrown when a request needs a logged-in viewer. */
  static final class LoginRequired extends RuntimeException {
    LoginRequired() {
      super("Log in to see your feed and likes.", null, false, false);
    }
  }
}
