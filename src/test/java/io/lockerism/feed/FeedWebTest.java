package io.lockerism.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockerism.model.PlaintextScorer;
import io.lockerism.model.Snapshot;
import io.lockerism.testing.ApiClient;
import io.lockerism.testing.ApiClient.Scored;
import io.lockerism.testing.HttpSession;
import io.lockerism.testing.TestApp;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The encrypted For-You feed, end to end through the real server. */
class FeedWebTest {

  private static final String PASSWORD = "a long feed password";
  private static TestApp app;
  private static Snapshot snapshot;

  @BeforeAll
  static void start() {
    app = TestApp.withSample();
    snapshot = ApiClient.signUp(app, "snapshot_reader", PASSWORD).currentSnapshot();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  /** What the model says in plaintext: the feed the encrypted path must reproduce exactly. */
  static List<Scored> expected(Snapshot snapshot, Set<String> likedIds, int k) {
    Set<Integer> liked = new HashSet<>();
    likedIds.forEach(id -> liked.add(snapshot.indexOf(id)));
    long[] scores = PlaintextScorer.scores(snapshot, liked);
    List<Scored> out = new ArrayList<>();
    for (int i : PlaintextScorer.feed(snapshot, liked, k)) {
      out.add(new Scored(snapshot.accountId(i), scores[i]));
    }
    return out;
  }

  private static List<Scored> expected(Set<String> likedIds, int k) {
    return expected(snapshot, likedIds, k);
  }

  private static List<String> accountsMatching(String query, int n) {
    List<String> ids = new ArrayList<>();
    ApiClient anyone = ApiClient.logIn(app, "snapshot_reader", PASSWORD);
    anyone
        .expect(200, anyone.http().get("/api/v1/profiles?size=" + n + "&q=" + query))
        .get("items")
        .forEach(p -> ids.add(p.get("accountId").asText()));
    return ids;
  }

  @Test
  void coldStartIsThePopularityFeed() {
    ApiClient viewer = ApiClient.signUp(app, "cold_start", PASSWORD);
    assertEquals(expected(Set.of(), 20), viewer.feed(20));
    assertTrue(viewer.likes().isEmpty());
  }

  @Test
  void likesAndUnlikesChangeTheFeedExactlyAsThePlaintextModelDoes() {
    ApiClient viewer = ApiClient.signUp(app, "fitness_fan", PASSWORD);
    List<String> fitness = accountsMatching("%23fitness", 5);
    fitness.forEach(viewer::like);
    List<Scored> feed = viewer.feed(20);
    assertEquals(expected(Set.copyOf(fitness), 20), feed);
    feed.forEach(item -> assertFalse(fitness.contains(item.accountId()), "liked drop out"));
    assertFalse(feed.equals(expected(Set.of(), 20)), "the feed follows the likes");

    viewer.unlike(fitness.get(0));
    assertEquals(expected(Set.copyOf(fitness.subList(1, 5)), 20), viewer.feed(20));
    assertEquals(fitness.subList(1, 5), viewer.likes(), "likes in the order liked");
  }

  @Test
  void likingTwiceChangesNothingAndUnknownProfilesAreClearErrors() {
    ApiClient viewer = ApiClient.signUp(app, "double_liker", PASSWORD);
    String id = snapshot.accountId(7);
    assertTrue(viewer.like(id).get("changed").asBoolean());
    assertFalse(viewer.like(id).get("changed").asBoolean());
    assertEquals(expected(Set.of(id), 10), viewer.feed(10));
    HttpResponse<String> unknown = viewer.likeResponse("no-such-profile");
    assertEquals(404, unknown.statusCode());
    assertTrue(unknown.body().contains("not in the current model"));
    assertEquals(400, viewer.http().get("/api/v1/feed?k=0").statusCode());
  }

  @Test
  void likesAreCappedSoScoresStayWithinTheEncryptionBounds() {
    ApiClient viewer = ApiClient.signUp(app, "heavy_liker", PASSWORD);
    for (int i = 0; i < 100; i++) {
      viewer.like(snapshot.accountId(i));
    }
    HttpResponse<String> over = viewer.likeResponse(snapshot.accountId(100));
    assertEquals(409, over.statusCode());
    assertTrue(over.body().contains("at most 100"));
    Set<String> liked = new HashSet<>(viewer.likes());
    assertEquals(100, liked.size());
    assertEquals(expected(liked, 20), viewer.feed(20));
  }

  @Test
  void concurrentLikesFromTwoSessionsOfOneAccountLoseNoUpdate() throws Exception {
    ApiClient.signUp(app, "two_devices", PASSWORD);
    ApiClient phone = ApiClient.logIn(app, "two_devices", PASSWORD);
    ApiClient laptop = ApiClient.logIn(app, "two_devices", PASSWORD);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> done = new ArrayList<>();
      done.add(
          pool.submit(
              () -> {
                for (int i = 200; i < 212; i++) {
                  phone.like(snapshot.accountId(i));
                }
              }));
      done.add(
          pool.submit(
              () -> {
                for (int i = 300; i < 312; i++) {
                  laptop.like(snapshot.accountId(i));
                }
              }));
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    Set<String> liked = new HashSet<>(phone.likes());
    assertEquals(24, liked.size());
    assertEquals(expected(liked, 20), laptop.feed(20), "Enc(u) holds every row");
  }

  @Test
  void forYouPageRanksProfilesAndLikesSwapTheFeedInPlace() {
    HttpSession browser = app.newSession();
    browser.signUp("page_viewer", PASSWORD);
    String coldPage = browser.get("/for-you").body();
    assertTrue(coldPage.contains("You have not liked anyone yet"));

    String liked = accountsMatching("%23fitness", 1).get(0);
    String token = browser.csrfTokenFrom("/for-you");
    HttpResponse<String> swap =
        browser.postForm(
            "/likes",
            Map.of("_csrf", token, "accountId", liked),
            "HX-Request",
            "true",
            "HX-Target",
            "for-you-body");
    assertEquals(200, swap.statusCode());
    assertFalse(swap.body().contains("<html"), "only the feed body is swapped");
    assertTrue(swap.body().contains("(1 of 100)"));
    assertFalse(swap.body().contains("You have not liked anyone yet"));

    String page = browser.get("/for-you").body();
    assertEquals(20, page.split("class=\"feed-card\"", -1).length - 1);
  }

  @Test
  void whyShowsTheContributingFeaturesOfAScore() {
    HttpSession browser = app.newSession();
    browser.signUp("curious", PASSWORD);
    ApiClient api = ApiClient.logIn(app, "curious", PASSWORD);
    accountsMatching("%23fitness", 3).forEach(api::like);
    Scored top = api.feed(1).get(0);
    String why =
        browser
            .postForm(
                "/for-you/why",
                Map.of("_csrf", browser.csrfTokenFrom("/for-you"), "accountId", top.accountId()))
            .body();
    assertTrue(why.contains(String.format("%,d", top.score())), why);
    assertTrue(why.contains("class=\"why-bar\""));
    assertTrue(why.contains("Popular with everyone"), why);
  }

  @Test
  void pagesAndApiNeedALoggedInViewer() {
    HttpSession anonymous = app.newSession();
    HttpResponse<String> page = anonymous.get("/for-you");
    assertEquals(303, page.statusCode());
    assertEquals("/login?next=%2Ffor-you", page.headers().firstValue("Location").orElseThrow());
    assertEquals(401, anonymous.get("/api/v1/feed").statusCode());
    assertEquals(401, anonymous.get("/api/v1/likes").statusCode());
  }

  @Test
  void theCurrentSnapshotIsPublicAndSelfIdentifying() {
    assertEquals(1000, snapshot.size());
    assertEquals(64, snapshot.d());
    assertEquals(64, snapshot.id().length());
  }
}
