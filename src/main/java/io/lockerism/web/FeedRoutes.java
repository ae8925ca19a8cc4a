package io.lockerism.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import io.lockerism.catalog.CatalogService;
import io.lockerism.catalog.Profile;
import io.lockerism.model.Explanation;
import io.lockerism.model.LikeAction;
import io.lockerism.session.Session;
import io.lockerism.viewer.Feed;
import io.lockerism.viewer.FeedItem;
import io.lockerism.viewer.LikeResult;
import io.lockerism.viewer.LikedFeed;
import io.lockerism.viewer.ViewerService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The For-You page, likes and "why", as htmx pages and as the feed/likes API. */
final class FeedRoutes {

  /** How many of the viewer's proofs "Your proofs" lists. */
  private static final int SHOWN_PROOFS = 10;

  /** The snapshot a feed from the API was ranked under. */
  static final String SNAPSHOT_HEADER = "Lockerism-Snapshot-Id";

  /** The form field that names the profile a like, unlike or "why" is about. */
  static final String ACCOUNT_ID_FIELD = "accountId";

  /** The For-You page's second tab on phones: the viewer's likes and proofs. */
  private static final String LIKES_TAB = "likes";

  private final ViewerService viewerService;
  private final CatalogService catalog;
  private final Viewers viewers;
  private final Views views;

  FeedRoutes(ViewerService viewerService, CatalogService catalog, Viewers viewers, Views views) {
    this.viewerService = viewerService;
    this.catalog = catalog;
    this.viewers = viewers;
    this.views = views;
  }

  void register(RoutesConfig routes) {
    routes.get("/for-you", this::forYouPage);
    // The profile travels in the body, never in the path or query: request lines end up in proxy
    // and access logs, which would otherwise list what each viewer liked or was recommended. "Why
    // this?" only reads, but is a POST for the same reason.
    routes.post("/for-you/why", this::whyFragment);
    routes.post("/likes", ctx -> likeForm(ctx, LikeAction.LIKE));
    routes.post("/likes/remove", ctx -> likeForm(ctx, LikeAction.UNLIKE));
    routes.get("/api/v1/feed", this::feedApi);
    routes.get("/api/v1/likes", this::likesApi);
    routes.post("/api/v1/likes", ctx -> likeApi(ctx, LikeAction.LIKE));
    routes.post("/api/v1/likes/remove", ctx -> likeApi(ctx, LikeAction.UNLIKE));
  }

  /** The feed; "Show more" asks for a longer one (?k=), swapped in place under htmx. */
  private void forYouPage(Context ctx) {
    Session s = viewers.require(ctx);
    Map<String, Object> model =
        forYouModel(s, viewerService.feed(s, parseK(ctx.queryParam("k"))), ctx.queryParam("tab"));
    if (Views.isHtmxSwapOf(ctx, "for-you-body")) {
      views.fragment(ctx, "for-you", "feed-body", model);
    } else {
      views.page(ctx, "for-you", model);
    }
  }

  /**
   * @param tab "likes" for the likes tab (which phones show instead of the feed), else the feed
   */
  private Map<String, Object> forYouModel(Session s, Feed feed, String tab) {
    List<String> likes = feed.likedAccountIds();
    List<String> wanted = new ArrayList<>(likes);
    feed.items().forEach(i -> wanted.add(i.accountId()));
    Map<String, Profile> profiles = catalog.findAll(wanted);
    List<Map<String, Object>> cards = new ArrayList<>();
    for (FeedItem item : feed.items()) {
      cards.add(Map.of("item", item, "profile", profiles.get(item.accountId())));
    }
    List<Profile> liked =
        likes.stream().map(profiles::get).filter(java.util.Objects::nonNull).toList();
    Map<String, Object> model = new HashMap<>();
    model.put("feed", feed);
    model.put("tab", LIKES_TAB.equals(tab) ? LIKES_TAB : "feed");
    model.put("cards", cards);
    model.put("liked", liked);
    model.put("maxLikes", ViewerService.MAX_LIKES);
    model.put("proofs", viewerService.proofJobs(s).stream().limit(SHOWN_PROOFS).toList());
    int k = Math.max(ViewerService.DEFAULT_K, feed.items().size());
    model.put("k", k);
    model.put("proofK", Math.min(k, ViewerService.MAX_PROOF_K));
    model.put("nextK", Math.min(ViewerService.MAX_K, k + ViewerService.DEFAULT_K));
    model.put("hasMore", feed.items().size() >= k && k < ViewerService.MAX_K);
    return model;
  }

  private void whyFragment(Context ctx) {
    Session s = viewers.require(ctx);
    Explanation why =
        viewerService
            .why(s, accountIdField(ctx))
            .orElseThrow(() -> new NotFoundResponse("That profile is not in the current model."));
    Map<String, String> names = new HashMap<>();
    catalog
        .findAll(why.because().stream().map(Explanation.Because::accountId).toList())
        .forEach((id, p) -> names.put(id, p.displayName()));
    views.fragment(ctx, "why", "why", Map.of("why", why, "chart", WhyChart.of(why, names)));
  }

  /**
   * A like or unlike from a page. htmx gets back what it swaps: the whole For-You body (ranked from
   * the Enc(u) the like just computed), or just the like button; a plain form post goes back to
   * where it came from.
   */
  private void likeForm(Context ctx, LikeAction action) {
    Session s = viewers.require(ctx);
    String accountId = accountIdField(ctx);
    if ("true".equals(ctx.header("HX-Request"))) {
      // Tells the page its likes changed, so a proof shown on it is marked out of date.
      ctx.header("HX-Trigger", "likes-changed");
    }
    if (Views.isHtmxSwapOf(ctx, "for-you-body")) {
      LikedFeed after =
          viewerService.changeLikeThenFeed(s, accountId, action, parseK(ctx.formParam("k")));
      views.fragment(
          ctx, "for-you", "feed-body", forYouModel(s, after.feed(), ctx.formParam("tab")));
      return;
    }
    LikeResult change = viewerService.changeLike(s, accountId, action);
    if ("true".equals(ctx.header("HX-Request"))) {
      String name = catalog.find(accountId).map(Profile::displayName).orElse(accountId);
      views.fragment(
          ctx,
          "components",
          "like-button",
          Map.of(
              "accountId",
              accountId,
              "liked",
              change.liked(),
              "name",
              name,
              "changed",
              true,
              "returnPath",
              safeReturn(ctx.formParam("return"))));
    } else {
      ctx.redirect(safeReturn(ctx.formParam("return")), HttpStatus.SEE_OTHER);
    }
  }

  private void feedApi(Context ctx) {
    Session s = viewers.require(ctx);
    int k = parseK(ctx.queryParam("k"));
    Feed feed = viewerService.feed(s, k);
    // What a prove request sends back with the account ids (POST /api/v1/feed/proofs).
    ctx.header(SNAPSHOT_HEADER, feed.snapshotId());
    ctx.json(
        feed.items().stream()
            .map(i -> new JsonBodies.FeedEntry(i.accountId(), i.score()))
            .toList());
  }

  private void likesApi(Context ctx) {
    Session s = viewers.require(ctx);
    ctx.json(new JsonBodies.Likes(viewerService.likes(s), ViewerService.MAX_LIKES));
  }

  private void likeApi(Context ctx, LikeAction action) {
    Session s = viewers.require(ctx);
    JsonBodies.LikeRequest request =
        JsonBodies.read(ctx, JsonBodies.LikeRequest.class, "{\"accountId\": \"…\"}");
    if (request.accountId() == null || request.accountId().isBlank()) {
      throw new BadRequestResponse("Body must name the profile: {\"accountId\": \"…\"}");
    }
    LikeResult change = viewerService.changeLike(s, request.accountId(), action);
    ctx.json(JsonBodies.LikeView.of(change));
  }

  /** The profile a form names, or 400. */
  private static String accountIdField(Context ctx) {
    String id = ctx.formParam(ACCOUNT_ID_FIELD);
    if (id == null || id.isBlank()) {
      throw new BadRequestResponse("The form must name the profile (" + ACCOUNT_ID_FIELD + ").");
    }
    return id;
  }

  private static int parseK(String value) {
    if (value == null || value.isBlank()) {
      return ViewerService.DEFAULT_K;
    }
    try {
      int k = Integer.parseInt(value.strip());
      if (k < 1 || k > ViewerService.MAX_K) {
        throw new BadRequestResponse("k must be between 1 and " + ViewerService.MAX_K);
      }
      return k;
    } catch (NumberFormatException e) {
      throw new BadRequestResponse("k must be a whole number");
    }
  }

  private static String safeReturn(String path) {
    return path != null && path.startsWith("/") && !path.startsWith("//") && !path.contains("\\")
        ? path
        : "/for-you";
  }
}
