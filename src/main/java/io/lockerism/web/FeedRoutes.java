package io.lockerism.web;

import io.javalin.config.RoutesConfig;
import io.lockerism.analytics.ActivityRecorder;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import io.lockerism.catalog.CatalogService;
import io.lockerism.catalog.Profile;
import io.lockerism.feed.Feed;
import io.lockerism.feed.FeedItem;
import io.lockerism.feed.FeedService;
import io.lockerism.locker.LikeChange;
import io.lockerism.locker.Locker;
import io.lockerism.model.Explanation;
import io.lockerism.session.Session;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The For-You page, likes and "why", as htmx pages and as the feed/likes API. */
final class FeedRoutes {

  private final FeedService feeds;
  private final Locker locker;
  private final CatalogService catalog;
  private final Viewers viewers;
  private final Views views;
  private final ActivityRecorder activity;

  FeedRoutes(FeedService feeds, Locker locker, CatalogService catalog, Viewers viewers,
      Views views, ActivityRecorder activity) {
    this.feeds = feeds;
    this.locker = locker;
    this.catalog = catalog;
    this.viewers = viewers;
    this.views = views;
    this.activity = activity;
  }

  void register(RoutesConfig routes) {
    routes.get("/for-you", this::forYouPage);
    routes.get("/for-you/why/{accountId}", this::whyFragment);
    routes.post("/likes/{accountId}", ctx -> likeForm(ctx, true));
    routes.post("/likes/{accountId}/remove", ctx -> likeForm(ctx, false));
    routes.get("/api/v1/feed", this::feedApi);
    routes.get("/api/v1/likes", this::likesApi);
    routes.post("/api/v1/likes/{accountId}", ctx -> likeApi(ctx, true));
    routes.delete("/api/v1/likes/{accountId}", ctx -> likeApi(ctx, false));
  }

  private void forYouPage(Context ctx) {
    Session s = viewers.require(ctx);
    views.page(ctx, "for-you", forYouModel(s));
  }

  private Map<String, Object> forYouModel(Session s) {
    Feed feed = feeds.feed(s.id(), FeedService.DEFAULT_K);
    recordFeed(s, feed);
    List<String> likes = feed.likedAccountIds();
    List<String> wanted = new ArrayList<>(likes);
    feed.items().forEach(i -> wanted.add(i.accountId()));
    Map<String, Profile> profiles = catalog.findAll(wanted);
    List<Map<String, Object>> cards = new ArrayList<>();
    for (FeedItem item : feed.items()) {
      cards.add(Map.of("item", item, "profile", profiles.get(item.accountId())));
    }
    List<Profile> liked = likes.stream().map(profiles::get)
        .filter(java.util.Objects::nonNull).toList();
    Map<String, Object> model = new HashMap<>();
    model.put("feed", feed);
    model.put("cards", cards);
    model.put("liked", liked);
    model.put("maxLikes", io.lockerism.model.ScoreBounds.MAX_LIKES);
    return model;
  }

  private void whyFragment(Context ctx) {
    Session s = viewers.require(ctx);
    Explanation why = feeds.why(s.id(), ctx.pathParam("accountId"))
        .orElseThrow(() -> new NotFoundResponse("That profile is not in the current model."));
    views.fragment(ctx, "why", "why", Map.of("why", why, "chart", WhyChart.of(why)));
  }

  /**
   * A like or unlike from a page. htmx gets back what it swaps: the whole For-You body, or
   * just the like button; a plain form post goes back to where it came from.
   */
  private void likeForm(Context ctx, boolean like) {
    Session s = viewers.require(ctx);
    String accountId = ctx.pathParam("accountId");
    LikeChange change = like ? locker.like(s.id(), accountId) : locker.unlike(s.id(), accountId);
    recordLike(s, change);
    if (Views.isHtmxSwapOf(ctx, "for-you-body")) {
      views.fragment(ctx, "for-you", "feed-body", forYouModel(s));
    } else if ("true".equals(ctx.header("HX-Request"))) {
      views.fragment(ctx, "components", "like-button",
          Map.of("accountId", accountId, "liked", change.liked()));
    } else {
      ctx.redirect(safeReturn(ctx.formParam("return")), HttpStatus.SEE_OTHER);
    }
  }

  private void feedApi(Context ctx) {
    Session s = viewers.require(ctx);
    int k = parseK(ctx.queryParam("k"));
    Feed feed = feeds.feed(s.id(), k);
    recordFeed(s, feed);
    ctx.json(feed.items().stream()
        .map(i -> Map.of("accountId", i.accountId(), "score", i.score())).toList());
  }

  private void likesApi(Context ctx) {
    Session s = viewers.require(ctx);
    ctx.json(Map.of("likes", locker.likes(s.id()),
        "maxLikes", io.lockerism.model.ScoreBounds.MAX_LIKES));
  }

  private void likeApi(Context ctx, boolean like) {
    Session s = viewers.require(ctx);
    String accountId = ctx.pathParam("accountId");
    LikeChange change = like ? locker.like(s.id(), accountId) : locker.unlike(s.id(), accountId);
    recordLike(s, change);
    ctx.json(Map.of("accountId", change.accountId(), "liked", change.liked(),
        "changed", change.changed(), "likeCount", change.likeCount()));
  }

  /** Hook for the DP statistics (docs/privacy.md): in-memory, bounded per viewer. */
  private void recordFeed(Session s, Feed feed) {
    activity.feedServed(s.account().id(), feed.items().stream().map(FeedItem::accountId).toList());
  }

  /** Hook for the DP statistics: only likes and unlikes that took effect count. */
  private void recordLike(Session s, LikeChange change) {
    if (change.changed()) {
      if (change.liked()) {
        activity.liked(s.account().id(), change.accountId());
      } else {
        activity.unliked(s.account().id(), change.accountId());
      }
    }
  }

  private static int parseK(String value) {
    if (value == null || value.isBlank()) {
      return FeedService.DEFAULT_K;
    }
    try {
      int k = Integer.parseInt(value.strip());
      if (k < 1 || k > FeedService.MAX_K) {
        throw new BadRequestResponse("k must be between 1 and " + FeedService.MAX_K);
      }
      return k;
    } catch (NumberFormatException e) {
      throw new BadRequestResponse("k must be a whole number");
    }
  }

  private static String safeReturn(String path) {
    return path != null && path.startsWith("/") && !path.startsWith("//") && !path.contains("\\")
        ? path : "/for-you";
  }
}
