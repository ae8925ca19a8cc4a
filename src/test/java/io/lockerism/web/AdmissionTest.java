package io.lockerism.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Admission control in a real Jetty servlet context, placed as the app places it: requests past the
 * running bound wait their turn, past the waiting bound (or after waiting too long) they get 503
 * with Retry-After and the security headers, and health checks never wait.
 */
class AdmissionTest {

  private final AtomicInteger working = new AtomicInteger();
  private final CountDownLatch release = new CountDownLatch(1);
  private final HttpClient http = HttpClient.newHttpClient();
  private Server server;
  private Admission admission;

  @AfterEach
  void stop() throws Exception {
    release.countDown();
    server.stop();
  }

  @Test
  void pastTheBoundsAnswers503WithRetryAfterWhileTheWaitingRequestIsServedInTurn()
      throws Exception {
    start(new Admission(1, 1, Duration.ofSeconds(30)));
    CompletableFuture<HttpResponse<String>> first = get("/work");
    awaitWorking(1);
    CompletableFuture<HttpResponse<String>> waiting = get("/work");
    awaitWaiting(1);

    HttpResponse<String> refused = get("/work").get(10, TimeUnit.SECONDS);
    assertEquals(503, refused.statusCode());
    assertEquals("2", refused.headers().firstValue("Retry-After").orElse(null));
    assertEquals("nosniff", refused.headers().firstValue("X-Content-Type-Options").orElse(null));
    assertEquals(
        200,
        get("/healthz").get(10, TimeUnit.SECONDS).statusCode(),
        "a health check skips the queue");

    release.countDown();
    assertEquals("worked", first.get(10, TimeUnit.SECONDS).body());
    assertEquals(
        "worked", waiting.get(10, TimeUnit.SECONDS).body(), "the waiting one had its turn");
  }

  @Test
  void aRequestThatWaitsTooLongGets503WithRetryAfter() throws Exception {
    start(new Admission(1, 4, Duration.ofMillis(300)));
    CompletableFuture<HttpResponse<String>> first = get("/work");
    awaitWorking(1);

    HttpResponse<String> late = get("/work").get(10, TimeUnit.SECONDS);
    assertEquals(503, late.statusCode());
    assertEquals("2", late.headers().firstValue("Retry-After").orElse(null));

    release.countDown();
    assertEquals(200, first.get(10, TimeUnit.SECONDS).statusCode());
  }

  @Test
  void openProofProgressStreamsTakeNoTurn() throws Exception {
    start(new Admission(1, 1, Duration.ofSeconds(30)));
    List<CompletableFuture<HttpResponse<String>>> streams = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      streams.add(get("/proofs/job" + i + "/events"));
    }
    awaitWorking(3);
    CompletableFuture<HttpResponse<String>> page = get("/work");
    awaitWorking(4); // the page got its turn while three streams stay open

    release.countDown();
    assertEquals(200, page.get(10, TimeUnit.SECONDS).statusCode());
    for (CompletableFuture<HttpResponse<String>> stream : streams) {
      assertEquals(200, stream.get(10, TimeUnit.SECONDS).statusCode());
    }
  }

  private void start(Admission bounds) throws Exception {
    admission = bounds;
    SecurityHeaders headers = new SecurityHeaders(false, new RemotePictures(Set.of()));
    server = new Server();
    HttpConfiguration config = new HttpConfiguration();
    config.addCustomizer(headers.customizer());
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(config));
    connector.setHost("127.0.0.1");
    server.addConnector(connector);
    server.setErrorHandler(headers.errorHandler());
    ServletContextHandler context = new ServletContextHandler();
    context.addServlet(new ServletHolder(new Work()), "/*");
    context.insertHandler(admission);
    server.setHandler(context);
    server.start();
  }

  private void awaitWorking(int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (working.get() < n && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(n, working.get(), "requests working");
  }

  private void awaitWaiting(int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (admission.getSuspendedRequestCount() < n && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(n, admission.getSuspendedRequestCount(), "requests waiting their turn");
  }

  private CompletableFuture<HttpResponse<String>> get(String path) {
    int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    return http.sendAsync(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Work, and progress streams, that hold on until the test releases them; health checks answer at
   * once.
   */
  private final class Work extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      String path = req.getRequestURI();
      if (path.equals("/work") || path.startsWith("/proofs/")) {
        working.incrementAndGet();
        try {
          release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        resp.getWriter().write("worked");
      } else {
        resp.getWriter().write("ok");
      }
    }
  }
}
