package io.lockerism.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** One HTTP client with its own cookie jar, like one browser talking to the real server. */
public final class HttpSession {

  private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

  private final String baseUrl;
  private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
  private final HttpClient client;

  HttpSession(String baseUrl) {
    this.baseUrl = baseUrl;
    this.client =
        HttpClient.newBuilder()
            .cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  /**
   * A session with a server at {@code baseUrl} that was not started by {@link TestApp} (a child
   * process, a load balancer in front of several apps).
   */
  public static HttpSession to(String baseUrl) {
    return new HttpSession(baseUrl);
  }

  public HttpResponse<String> get(String path, String... headers) {
    return send(request(path, headers).GET().build());
  }

  public HttpResponse<String> postForm(String path, Map<String, String> form, String... headers) {
    String body =
        form.entrySet().stream()
            .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
            .collect(Collectors.joining("&"));
    return send(
        request(path, headers)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  public HttpResponse<String> postJson(String path, String json, String... headers) {
    return send(
        request(path, headers)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  public HttpResponse<String> delete(String path, String... headers) {
    return send(request(path, headers).DELETE().build());
  }

  /** Loads a page and returns the CSRF token from its forms, as a browser would submit it. */
  public String csrfTokenFrom(String path) {
    String html = get(path).body();
    Matcher m = CSRF_FIELD.matcher(html);
    if (!m.find()) {
      throw new AssertionError("no CSRF field on " + path);
    }
    return m.group(1);
  }

  /** Submits a page's form with the token the page carried. */
  public HttpResponse<String> submitForm(
      String pagePath, String action, Map<String, String> fields) {
    Map<String, String> form = new LinkedHashMap<>(fields);
    form.put("_csrf", csrfTokenFrom(pagePath));
    return postForm(action, form);
  }

  public HttpResponse<String> signUp(String username, String password) {
    return submitForm("/signup", "/signup", Map.of("username", username, "password", password));
  }

  public HttpResponse<String> logIn(String username, String password) {
    return submitForm("/login", "/login", Map.of("username", username, "password", password));
  }

  public String cookie(String name) {
    return cookies.getCookieStore().getCookies().stream()
        .filter(c -> c.getName().equals(name))
        .map(java.net.HttpCookie::getValue)
        .findFirst()
        .orElse(null);
  }

  private HttpRequest.Builder request(String path, String... headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return b;
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
