package io.lockerism.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockerism.config.AppConfig;
import io.lockerism.config.ChainConfig;
import io.lockerism.testing.TestApp;
import java.net.http.HttpResponse;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * When every pooled connection is held, a request is answered 503 with Retry-After after the pool's
 * short wait — it neither hangs nor becomes a 500 — and the service recovers as soon as a
 * connection is free again.
 */
class PoolExhaustionTest {

  @Test
  void anExhaustedPoolAnswers503WithRetryAfterAndRecovers() throws Exception {
    try (TestApp app =
        TestApp.start(
            AppConfig.forDataDir(TestApp.tempDir())
                .withHost("127.0.0.1")
                .withPort(0)
                .withChain(ChainConfig.none())
                .withDatabasePoolSize(1))) {
      assertEquals(200, app.newSession().get("/catalog").statusCode());
      Database db = app.app().components().database();
      CountDownLatch holding = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      ExecutorService holder = Executors.newSingleThreadExecutor();
      try {
        Future<?> held =
            holder.submit(
                () ->
                    db.withConnection(
                        c -> {
                          holding.countDown();
                          awaitQuietly(release);
                          return null;
                        }));
        assertTrue(holding.await(30, TimeUnit.SECONDS));
        HttpResponse<String> page = app.newSession().get("/catalog");
        HttpResponse<String> api = app.newSession().get("/api/v1/profiles?limit=5");
        release.countDown();
        held.get(30, TimeUnit.SECONDS);
        assertEquals(503, page.statusCode(), page.body());
        assertEquals(
            String.valueOf(StoreBusyException.RETRY_AFTER_SECONDS),
            page.headers().firstValue("Retry-After").orElse(""));
        assertEquals(503, api.statusCode(), api.body());
        assertTrue(api.body().contains("busy"), api.body());
        assertTrue(api.headers().firstValue("Retry-After").isPresent());
      } finally {
        release.countDown();
        holder.shutdownNow();
      }
      assertEquals(200, app.newSession().get("/catalog").statusCode(), "recovers");
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
