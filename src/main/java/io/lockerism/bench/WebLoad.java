package io.lockerism.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lockerism.app.Lockerism;
import io.lockerism.config.AppConfig;
import io.lockerism.config.ChainConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small, bounded load generator: {@code viewers} signed-up viewers on {@code connections} HTTP
 * clients (one keep-alive connection each, spread over the viewers in turn, so 1 viewer on 20
 * connections is one session twenty times at once) request the catalog, their For-You page and
 * their feed API in turn, as fast as answers come, for a fixed time. Counts every answer that is
 * not 200 as an error and reports p50/p99 per route. Against a server at {@code url}, or (when none
 * is given) a fresh in-process server on H2 with the bundled sample.
 */
public final class WebLoad {

  private static final String[] ROUTES = {"/catalog", "/for-you", "/api/v1/feed?k=20"};
  private static final Pattern ACCOUNT_ID = Pattern.compile("\"accountId\"\\s*:\\s*\"([^\"]+)\"");

  /** Latencies kept per route: bounds the generator's own memory on long runs. */
  private static final int MAX_SAMPLES = 2_000_000;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String base;
  private final Map<String, List<Double>> latencies = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
  private final Map<String, String> firstError = new ConcurrentHashMap<>();

  private WebLoad(String base) {
    this.base = base;
    for (String route : ROUTES) {
      latencies.put(route, Collections.synchronizedList(new ArrayList<>()));
      errors.put(route, new AtomicLong());
    }
  }

  /** Runs the load; {@code url} null starts an in-process server on H2 for the run. */
  public static void run(
      String url, int viewers, int connections, Duration duration, PrintWriter out)
      throws Exception {
    if (viewers < 1 || viewers > 1000 || duration.isNegative() || duration.toMinutes() > 60) {
      throw new IllegalArgumentException("viewers must be 1–1000 and the duration at most 1 h");
    }
    if (connections < viewers || connections > 1000) {
      throw new IllegalArgumentException("connections must be between the viewers and 1000");
    }
    Load load = new Load(viewers, connections, duration);
    if (url != null) {
      new WebLoad(url).measure(load, url, out);
      return;
    }
    Path dir = Files.createTempDirectory("lockerism-web-load");
    AppConfig config =
        AppConfig.forDataDir(dir).withHost("127.0.0.1").withPort(0).withChain(ChainConfig.none());
    try (Lockerism app = Lockerism.start(config)) {
      String local = "http://127.0.0.1:" + app.port();
      new WebLoad(local).measure(load, "in-process, H2, pool 10", out);
    }
  }

  private record Load(int viewers, int connections, Duration duration) {}

  private void measure(Load load, String target, PrintWriter out) throws Exception {
    List<Viewer> all = new ArrayList<>();
    String run = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
    for (int v = 0; v < load.viewers(); v++) {
      all.add(Viewer.signUp(base, "load" + run + "v" + v));
    }
    List<String> profiles = profileIds(all.get(0));
    for (int v = 0; v < load.viewers(); v++) { // five likes each, so feeds differ
      for (int i = 0; i < 5; i++) {
        all.get(v).like(profiles.get((v * 5 + i) % profiles.size()));
      }
    }
    List<Viewer> clients = new ArrayList<>(all);
    for (int c = load.viewers(); c < load.connections(); c++) {
      clients.add(all.get(c % load.viewers()).anotherConnection());
    }
    long end = System.nanoTime() + load.duration().toNanos();
    List<Thread> threads = new ArrayList<>();
    for (Viewer viewer : clients) {
      Thread t = new Thread(() -> drive(viewer, end));
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
    report(load, target, out);
  }

  /** Requests the routes in turn until {@code end}; each at least once, however short the run. */
  private void drive(Viewer viewer, long end) {
    for (int i = 0; i < ROUTES.length || System.nanoTime() < end; i++) {
      String route = ROUTES[i % ROUTES.length];
      long start = System.nanoTime();
      String failure = viewer.get(route);
      double millis = (System.nanoTime() - start) / 1e6;
      List<Double> samples = latencies.get(route);
      if (samples.size() < MAX_SAMPLES) {
        samples.add(millis);
      }
      if (failure != null) {
        errors.get(route).incrementAndGet();
        firstError.putIfAbsent(route, failure);
      }
    }
  }

  private void report(Load load, String target, PrintWriter out) {
    Duration duration = load.duration();
    out.printf(
        Locale.ROOT,
        "load: %d viewers, %d connections, %d s, against %s%n",
        load.viewers(),
        load.connections(),
        duration.toSeconds(),
        target);
    out.println("| route | requests | errors | req/s | p50 | p99 |");
    out.println("|---|---:|---:|---:|---:|---:|");
    for (String route : ROUTES) {
      List<Double> sorted = new ArrayList<>(latencies.get(route));
      Collections.sort(sorted);
      out.printf(
          Locale.ROOT,
          "| `GET %s` | %d | %d | %.0f | %.0f ms | %.0f ms |%n",
          route,
          sorted.size(),
          errors.get(route).get(),
          sorted.size() / (double) Math.max(1, duration.toSeconds()),
          percentile(sorted, 0.50),
          percentile(sorted, 0.99));
    }
    firstError.forEach((route, e) -> out.printf("first error on %s: %s%n", route, e));
    out.flush();
  }

  private static double percentile(List<Double> sorted, double q) {
    return sorted.isEmpty()
        ? Double.NaN
        : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * q) - 1));
  }

  private static List<String> profileIds(Viewer viewer) {
    List<String> ids = new ArrayList<>();
    Matcher m = ACCOUNT_ID.matcher(viewer.body("/api/v1/profiles"));
    while (m.find()) {
      ids.add(m.group(1));
    }
    if (ids.isEmpty()) {
      throw new IllegalStateException("the catalog is empty: nothing to like");
    }
    return ids;
  }

  /** One viewer: a logged-in session on its own HTTP client. */
  private static final class Viewer {

    private static final Pattern CSRF = Pattern.compile("\"csrfToken\"\\s*:\\s*\"([^\"]+)\"");

    private final String base;
    private final CookieManager cookies;
    private final HttpClient http;
    private String csrf;

    private Viewer(String base, CookieManager cookies) {
      this.base = base;
      this.cookies = cookies;
      this.http =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .cookieHandler(cookies)
              .connectTimeout(Duration.ofSeconds(10))
              .build();
    }

    /** The same session on a connection of its own. */
    Viewer anotherConnection() {
      Viewer same = new Viewer(base, cookies);
      same.csrf = csrf;
      return same;
    }

    static Viewer signUp(String base, String username) {
      Viewer v = new Viewer(base, new CookieManager());
      HttpResponse<String> r =
          v.send(
              HttpRequest.newBuilder(URI.create(base + "/api/v1/accounts"))
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"username\":\""
                              + username
                              + "\",\"password\":\"a long load-test password\"}"))
                  .build());
      Matcher m = CSRF.matcher(r.body());
      if (r.statusCode() != 201 || !m.find()) {
        throw new IllegalStateException("sign-up failed: " + r.statusCode());
      }
      v.csrf = m.group(1);
      return v;
    }

    void like(String accountId) {
      HttpResponse<String> r =
          send(
              HttpRequest.newBuilder(URI.create(base + "/api/v1/likes"))
                  .header("X-CSRF-Token", csrf)
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          JSON.createObjectNode().put("accountId", accountId).toString()))
                  .build());
      if (r.statusCode() != 200) {
        throw new IllegalStateException("like failed: " + r.statusCode());
      }
    }

    String body(String path) {
      return send(HttpRequest.newBuilder(URI.create(base + path)).GET().build()).body();
    }

    /**
     * Null when the answer is 200, else what went wrong. The body is read whole but decoded only on
     * an error: the generator shares the cores with the server it measures.
     */
    String get(String path) {
      try {
        HttpResponse<byte[]> r =
            http.send(
                HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(Duration.ofSeconds(60))
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        return r.statusCode() == 200
            ? null
            : r.statusCode()
                + " "
                + abbreviate(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8));
      } catch (IOException e) {
        return e.getClass().getSimpleName();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "interrupted";
      }
    }

    private HttpResponse<String> send(HttpRequest request) {
      try {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        throw new IllegalStateException("request failed: " + request.uri(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    private static String abbreviate(String s) {
      return s.length() > 120 ? s.substring(0, 120) + "…" : s;
    }
  }
}
