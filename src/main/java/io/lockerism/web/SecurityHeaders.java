package io.lockerism.web;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Defence in depth on every response: no framing, no sniffing, scripts and styles only from this
 * origin, no referrer to other sites, and HSTS when the app is served over HTTPS. Set at the Jetty
 * level, not in a route filter, so that 404/405/413/500 answers, static files and Jetty's own error
 * pages (a malformed request line, a too-long URI or header block) carry them too.
 */
final class SecurityHeaders {

  private final boolean https;
  private final String csp;

  /**
   * @param https the app is reached over HTTPS (--secure-cookies): add Strict-Transport-Security
   * @param pictures the hosts profile pictures may come from, added to img-src (none by default)
   */
  SecurityHeaders(boolean https, RemotePictures pictures) {
    this.https = https;
    this.csp = csp(pictures);
  }

  static String csp(RemotePictures pictures) {
    return "default-src 'self'; img-src 'self' data:"
        + pictures.cspSources()
        + "; style-src 'self';"
        + " script-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self';"
        + " base-uri 'self'; object-src 'none'";
  }

  void apply(HttpFields.Mutable headers) {
    headers.put("X-Content-Type-Options", "nosniff");
    headers.put("X-Frame-Options", "DENY");
    headers.put("Referrer-Policy", "same-origin");
    headers.put("Content-Security-Policy", csp);
    if (https) {
      headers.put("Strict-Transport-Security", "max-age=31536000");
    }
  }

  /** Adds the headers to every request's response as it starts. */
  HttpConfiguration.Customizer customizer() {
    return (request, responseHeaders) -> {
      apply(responseHeaders);
      return request;
    };
  }

  /** Jetty's error handler, which may answer before (or instead of) any of the app's code. */
  ErrorHandler errorHandler() {
    return new ErrorHandler() {
      @Override
      public boolean handle(Request request, Response response, Callback callback)
          throws Exception {
        apply(response.getHeaders());
        return super.handle(request, response, callback);
      }

      @Override
      public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        apply(fields);
        return super.badMessageError(status, reason, fields);
      }
    };
  }
}
