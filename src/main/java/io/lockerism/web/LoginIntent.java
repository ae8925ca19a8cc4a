package io.lockerism.web;

import io.javalin.http.Context;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a logged-out viewer (or one whose session ended) was doing when asked to log in: where they
 * were, and a like they pressed. The log-in page carries both and, once logged in, applies the like
 * and goes back there. Only same-site paths and plain account ids pass.
 */
final class LoginIntent {

  /** What a destination may consist of: printable URL characters of a path. */
  private static final Pattern SAFE_PATH = Pattern.compile("/[A-Za-z0-9\\-._~!$&'()*+,;=:@%/?]*");

  private static final Pattern LIKE_PATH = Pattern.compile("/likes/([A-Za-z0-9_.-]{1,64})");
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

  /** The account id of a like (not an unlike) this request was, else null. */
  static String likeOf(Context ctx) {
    if (!ctx.method().name().equals("POST")) {
      return null;
    }
    Matcher m = LIKE_PATH.matcher(ctx.path());
    return m.matches() ? m.group(1) : null;
  }

  /** A like intent from a query or form value, if it is a plain account id. */
  static String validLike(String value) {
    return value != null && ACCOUNT_ID.matcher(value).matches() ? value : null;
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
