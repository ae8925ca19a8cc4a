package io.lockerism.web;

import io.javalin.http.Context;
import java.util.regex.Pattern;

/**
 * What a logged-out viewer (or one whose session ended) was doing when asked to log in: where they
 * were, and a like they pressed. The log-in page carries the place in its {@code next} query and
 * goes back there; the like is held in the session (WebSessions#holdLike) and applied at log-in, so
 * the liked profile's id never appears in a URL (proxy and access logs keep those), and no link can
 * carry a like to someone else's log-in. Only same-site paths and plain account ids pass.
 */
final class LoginIntent {

  /** What a destination may consist of: printable URL characters of a path. */
  private static final Pattern SAFE_PATH = Pattern.compile("/[A-Za-z0-9\\-._~!$&'()*+,;=:@%/?]*");

  private static final Pattern ACCOUNT_ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
  static final String DEFAULT_PATH = "/for-you";

  private LoginIntent() {}

  /** Where to come back to: the page itself for a GET, the form's page for a post. */
  static String returnPath(Context ctx) {
    if (ctx.method().name().equals("GET")) {
      String query = ctx.queryString();
      return safePath(query == null ? ctx.path() : ctx.path() + "?" + query, DEFAULT_PATH);
    }
    return safePath(ctx.formParam("return"), DEFAULT_PATH);
  }

  /** The account id of a like (not an unlike) this request was, if it is a plain one; else null. */
  static String likeOf(Context ctx) {
    if (!ctx.method().name().equals("POST") || !ctx.path().equals("/likes")) {
      return null;
    }
    String id = ctx.formParam(FeedRoutes.ACCOUNT_ID_FIELD);
    return id != null && ACCOUNT_ID.matcher(id).matches() ? id : null;
  }

  /** Same-site paths only (no open redirects): "/x" yes; "//host", "http:", "/\\x" no. */
  /**
   * Only same-site absolute paths are allowed as a destination (no open redirects). Browsers drop
   * tabs and newlines from a Location and read '\\' as '/', so "/\t/evil" or "/\\evil" would become
   * the protocol-relative "//evil": only printable ASCII path characters are accepted, and never
   * "//" or a backslash anywhere.
   */
  static String safePath(String path, String fallback) {
    if (path == null
        || path.length() > 2048
        || !SAFE_PATH.matcher(path).matches()
        || path.contains("//")) {
      return fallback;
    }
    return path;
  }
}
