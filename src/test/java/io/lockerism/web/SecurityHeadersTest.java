package io.lockerism.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockerism.testing.HttpSession;
import io.lockerism.testing.TestApp;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every response carries the security headers: pages, API answers, errors of the app (404, 405,
 * 413) and Jetty's own answers to requests that never reach the app (400, 414, 431).
 */
class SecurityHeadersTest {

  private static TestApp app;

  @BeforeAll
  static void start() {
    app = TestApp.empty();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static void assertSecure(Map<String, String> headers, String what) {
    assertEquals("nosniff", headers.get("x-content-type-options"), what);
    assertEquals("DENY", headers.get("x-frame-options"), what);
    assertEquals("same-origin", headers.get("referrer-policy"), what);
    assertTrue(
        headers.getOrDefault("content-security-policy", "").contains("frame-ancestors 'none'"),
        what + ": " + headers);
  }

  private static Map<String, String> headers(HttpResponse<String> r) {
    Map<String, String> out = new HashMap<>();
    r.headers().map().forEach((k, v) -> out.put(k.toLowerCase(Locale.ROOT), v.get(0)));
    return out;
  }

  @Test
  void appAnswersAndAppErrorsCarryTheHeaders() {
    HttpSession s = app.newSession();
    HttpResponse<String> page = s.get("/catalog");
    assertEquals(200, page.statusCode());
    assertSecure(headers(page), "page");
    assertEquals("no-store", headers(page).get("cache-control"), "personal pages are not cached");

    HttpResponse<String> missing = s.get("/no/such/page");
    assertEquals(404, missing.statusCode());
    assertSecure(headers(missing), "404");

    HttpResponse<String> wrongMethod = s.get("/logout"); // POST only
    assertEquals(405, wrongMethod.statusCode(), wrongMethod.body());
    assertSecure(headers(wrongMethod), "405");

    String big = "{\"username\":\"" + "x".repeat(1_100_000) + "\",\"password\":\"p\"}";
    HttpResponse<String> tooLarge = s.postJson("/api/v1/session", big);
    assertEquals(413, tooLarge.statusCode(), tooLarge.body());
    assertTrue(tooLarge.body().contains("larger than"), tooLarge.body());
    assertSecure(headers(tooLarge), "413");

    HttpResponse<String> css = s.get("/static/favicon.svg");
    assertSecure(headers(css), "static file " + css.statusCode());
  }

  @Test
  void jettysOwnErrorPagesCarryTheHeaders() throws Exception {
    assertSecure(raw("GET /%zz%/ HTTP/1.1\r\nHost: x\r\n\r\n", 400), "bad URI");
    assertSecure(
        raw("GET /" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n", 414), "URI too long");
    assertSecure(
        raw("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(20_000) + "\r\n\r\n", 431),
        "headers too large");
  }

  /** Sends a raw request and returns the response headers, after checking its status. */
  private static Map<String, String> raw(String request, int status) throws Exception {
    try (Socket socket =
        new Socket(
            "127.0.0.1",
            Integer.parseInt(app.baseUrl().substring(app.baseUrl().lastIndexOf(':') + 1)))) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
      String statusLine = in.readLine();
      assertTrue(statusLine.startsWith("HTTP/1.1 " + status), statusLine);
      Map<String, String> headers = new HashMap<>();
      for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
        int colon = line.indexOf(':');
        headers.put(
            line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
            line.substring(colon + 1).strip());
      }
      return headers;
    }
  }
}
