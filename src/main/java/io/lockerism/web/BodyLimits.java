package io.lockerism.web;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;

/**
 * Request bodies are bounded before anything reads them: a declared size over the limit is a 413
 * from the header alone, and a body without a declared size (chunked) is refused with 411, since
 * every form and JSON body this app takes is small and browsers always declare its size.
 */
final class BodyLimits {

  /** Largest request body: a form or a JSON document, never a file upload. */
  static final long MAX_BODY_BYTES = 1_000_000L;

  private BodyLimits() {}

  static void check(Context ctx) {
    long declared = ctx.req().getContentLengthLong();
    if (declared > MAX_BODY_BYTES) {
      throw new HttpResponseException(
          HttpStatus.CONTENT_TOO_LARGE.getCode(),
          "The request body is larger than " + MAX_BODY_BYTES + " bytes.");
    }
    if (declared < 0 && ctx.header("Transfer-Encoding") != null) {
      throw new HttpResponseException(
          HttpStatus.LENGTH_REQUIRED.getCode(), "Send the request body with a Content-Length.");
    }
  }
}
