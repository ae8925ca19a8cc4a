package io.lockerism.viewer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockerism.config.AppConfig;
import io.lockerism.config.ChainConfig;
import io.lockerism.model.PlaintextScorer;
import io.lockerism.model.Snapshot;
import io.lockerism.testing.ApiClient;
import io.lockerism.testing.ApiClient.Scored;
import io.lockerism.testing.TestApp;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Many viewers at once, through the real server on a deliberately small connection pool: no request
 * may wait for a second pooled connection while holding one (which deadlocked the pool), feeds take
 * no row locks, and one viewer's concurrent likes from several sessions all land.
 */
class ConcurrentViewersTest {

  private static final String PASSWORD = "a long concurrent password";
  private static final int POOL = 2;
  private static TestApp app;
  private static Snapshot snapshot;

  @BeforeAll
  static void start() {
    app =
        TestApp.start(
            AppConfig.forDataDir(TestApp.tempDir())
                .withHost("127.0.0.1")
                .withPort(0)
                .withChain(ChainConfig.none())
                .withDatabasePoolSize(POOL));
    snapshot = ApiClient.signUp(app, "snapshot_reader", PASSWORD).currentSnapshot();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void twentyViewersReadingTheirFeedsAtOnceShareTwoConnections() throws Exception {
    manyViewersReadTheirFeedsAtOnce(app, snapshot, "reader", 20);
  }

  @Test
  void oneViewersConcurrentLikesAndUnlikesFromFourSessionsLoseNothing() throws Exception {
    oneViewerLikesFromSeveralSessionsAtOnce(app, snapshot, "busy_viewer", 4);
  }

  @Test
  void oneViewerOnTwentyConnectionsGetsEveryForYouPage() throws Exception {
    ApiClient viewer = ApiClient.signUp(app, "for_you_reader", PASSWORD);
    for (int i = 0; i < 5; i++) {
      viewer.like(snapshot.accountId(200 + i));
    }
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    List<Callable<Void>> work = new ArrayList<>();
    for (int t = 0; t < 20; t++) {
      work.add(
          () -> {
            for (int round = 0; round < 3; round++) {
              HttpResponse<String> r = viewer.http().get("/for-you");
              expectOk(r, failures);
              if (r.statusCode() == 200 && !r.body().contains(snapshot.accountId(200))) {
                failures.add("the For-You page lacks a liked profile");
              }
            }
            return null;
          });
    }
    runAll(work, 20);
    assertTrue(failures.isEmpty(), failures.size() + " failures, e.g. " + failures.peek());
  }

  @Test
  void twelveConcurrentUnlikesOfOneViewerAllLand() throws Exception {
    ApiClient viewer = ApiClient.signUp(app, "unliker", PASSWORD);
    List<String> liked = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      liked.add(snapshot.accountId(600 + i));
      viewer.like(liked.get(i));
    }
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    List<Callable<Void>> work = new ArrayList<>();
    for (String id : liked) {
      work.add(
          () -> {
            expectOk(viewer.unlikeResponse(id), failures);
            expectOk(viewer.http().get("/api/v1/likes"), failures);
            return null;
          });
    }
    runAll(work, 12);
    assertTrue(failures.isEmpty(), failures.size() + " failures, e.g. " + failures.peek());
    assertTrue(viewer.likes().isEmpty(), "every unlike landed: " + viewer.likes());
    assertEquals(expected(snapshot, Set.of(), 20), viewer.feed(20), "Enc(u) is back to zero");
  }

  /** {@code count} viewers each read their feed four times, all at once; nothing fails. */
  static void manyViewersReadTheirFeedsAtOnce(
      TestApp app, Snapshot snapshot, String prefix, int count) throws Exception {
    List<ApiClient> viewers = new ArrayList<>();
    List<Set<Integer>> liked = new ArrayList<>();
    for (int v = 0; v < count; v++) {
      ApiClient viewer = ApiClient.signUp(app, prefix + v, PASSWORD);
      Set<Integer> likes = Set.of(v, 100 + 7 * v, 400 + 13 * v);
      likes.forEach(i -> viewer.like(snapshot.accountId(i)));
      viewers.add(viewer);
      liked.add(likes);
    }
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    List<Callable<Void>> work = new ArrayList<>();
    for (int v = 0; v < viewers.size(); v++) {
      ApiClient viewer = viewers.get(v);
      List<Scored> expected = expected(snapshot, liked.get(v), 20);
      work.add(
          () -> {
            for (int round = 0; round < 4; round++) {
              HttpResponse<String> r = viewer.http().get("/api/v1/feed?k=20");
              if (r.statusCode() != 200) {
                failures.add(r.statusCode() + " " + r.body());
              } else if (!viewer.feed(20).equals(expected)) {
                failures.add("a feed differs from the plaintext model");
              }
            }
            return null;
          });
    }
    work.add(
        () -> { // other pages answer meanwhile
          for (int i = 0; i < 10; i++) {
            expectOk(app.newSession().get("/readyz"), failures);
            expectOk(app.newSession().get("/catalog"), failures);
          }
          return null;
        });
    runAll(work, viewers.size() + 1);
    assertTrue(failures.isEmpty(), failures.size() + " failures, e.g. " + failures.peek());
  }

  /**
   * One viewer likes and unlikes from {@code count} sessions at once, reading in between; every
   * acknowledged change lands and Enc(u) equals the plaintext interest.
   */
  static void oneViewerLikesFromSeveralSessionsAtOnce(
      TestApp app, Snapshot snapshot, String username, int count) throws Exception {
    ApiClient.signUp(app, username, PASSWORD);
    List<ApiClient> sessions = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      sessions.add(ApiClient.logIn(app, username, PASSWORD));
    }
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    List<Callable<Void>> work = new ArrayList<>();
    Set<String> expected = new HashSet<>();
    for (int s = 0; s < sessions.size(); s++) {
      ApiClient session = sessions.get(s);
      int first = 500 + 20 * s;
      // Each session likes ten profiles of its own, unlikes every other one, and reads its
      // feed and likes in between: reads never wait for the updates, updates never get lost.
      for (int i = 0; i < 10; i += 2) {
        expected.add(snapshot.accountId(first + i));
      }
      work.add(
          () -> {
            for (int i = 0; i < 10; i++) {
              expectOk(session.likeResponse(snapshot.accountId(first + i)), failures);
              expectOk(session.http().get("/api/v1/feed?k=10"), failures);
            }
            for (int i = 1; i < 10; i += 2) {
              expectOk(session.unlikeResponse(snapshot.accountId(first + i)), failures);
              expectOk(session.http().get("/api/v1/likes"), failures);
            }
            return null;
          });
    }
    runAll(work, sessions.size());
    assertTrue(failures.isEmpty(), failures.size() + " failures, e.g. " + failures.peek());
    ApiClient any = sessions.get(0);
    assertEquals(expected, new HashSet<>(any.likes()), "every acknowledged change is there");
    Set<Integer> indices = new HashSet<>();
    expected.forEach(id -> indices.add(snapshot.indexOf(id)));
    assertEquals(
        expected(snapshot, indices, 20),
        sessions.get(count - 1).feed(20),
        "Enc(u) holds exactly the liked rows");
  }

  private static List<Scored> expected(Snapshot snapshot, Set<Integer> liked, int k) {
    long[] scores = PlaintextScorer.scores(snapshot, liked);
    List<Scored> out = new ArrayList<>();
    for (int i : PlaintextScorer.feed(snapshot, liked, k)) {
      out.add(new Scored(snapshot.accountId(i), scores[i]));
    }
    return out;
  }

  private static void expectOk(HttpResponse<String> r, ConcurrentLinkedQueue<String> failures) {
    if (r.statusCode() != 200) {
      failures.add(
          r.request().method()
              + " "
              + r.request().uri().getPath()
              + ": "
              + r.statusCode()
              + " "
              + r.body());
    }
  }

  private static void runAll(List<Callable<Void>> work, int threads) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Void>> done = pool.invokeAll(work);
      for (Future<Void> f : done) {
        f.get(5, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
