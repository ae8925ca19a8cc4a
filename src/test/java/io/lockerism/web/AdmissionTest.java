package io.lockerism.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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

  private final CountDownLatch entered = new CountDownLatch(1);
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
    CompletableFuture<HttpResponse<String>> working = get("/work");
    assertTrue(entered.await(10, TimeUnit.SECONDS), "the first request is working");
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
    assertEquals("worked", working.get(10, TimeUnit.SECONDS).body());
    assertEquals(
        "worked", waiting.get(10, TimeUnit.SECONDS).body(), "the waiting one had its turn");
  }

  @Test
  void aRequestThatWaitsTooLongGets503WithRetryAfter() throws Exception {
    start(new Admission(1, 4, Duration.ofMillis(300)));
    CompletableFuture<HttpResponse<String>> working = get("/work");
    assertTrue(entered.await(10, TimeUnit.SECONDS));

    HttpResponse<String> late = get("/work").get(10, TimeUnit.SECONDS);
    assertEquals(503, late.statusCode());
    assertEquals("2", late.headers().firstValue("Retry-After").orElse(null));

    release.countDown();
    assertEquals(200, working.get(10, TimeUnit.SECONDS).statusCode());
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

  /** Work that holds its turn until the test releases it; health checks answer at once. */
  private final class Work extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      if (req.getRequestURI().equals("/work")) {
        entered.countDown();
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
