package io.lockerism.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import io.lockerism.catalog.CatalogQuery;
import io.lockerism.catalog.CatalogService;
import io.lockerism.catalog.Page;
import io.lockerism.catalog.Profile;
import io.lockerism.session.Session;
import io.lockerism.viewer.ViewerService;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Catalog browse and profile pages, and the profiles API. */
final class CatalogRoutes {

  private final CatalogService catalog;
  private final ViewerService viewerService;
  private final Viewers viewers;
  private final Views views;

  CatalogRoutes(CatalogService catalog, ViewerService viewerService, Viewers viewers, Views views) {
    this.catalog = catalog;
    this.viewerService = viewerService;
    this.viewers = viewers;
    this.views = views;
  }

  void register(RoutesConfig routes) {
    routes.get("/catalog", this::browsePage);
    routes.get("/profiles/{accountId}", this::profilePage);
    routes.get("/api/v1/profiles", this::searchApi);
    routes.get("/api/v1/profiles/{accountId}", this::profileApi);
  }

  private void browsePage(Context ctx) {
    CatalogQuery query;
    try {
      query = parseQuery(ctx);
    } catch (BadRequestResponse e) {
      ctx.status(HttpStatus.BAD_REQUEST);
      views.page(
          ctx,
          "error",
          Map.of(
              "status", 400, "title", "Check your search", "message", forPeople(e.getMessage())));
      return;
    }
    Page<Profile> page = catalog.search(query);
    if (page.page() > page.totalPages() && page.totalPages() > 0) {
      // A page past the end (an old link, a typed URL) shows the last page instead.
      query = query.withPage(page.totalPages());
      page = catalog.search(query);
    }
    Session viewer = viewers.optional(ctx);
    Map<String, Object> model =
        Map.of(
            "query", query,
            "results", page,
            "sorts", CatalogQuery.Sort.values(),
            "pageLinks", pageLinks(query, page),
            "prevHref", href(query.withPage(page.page() - 1)),
            "nextHref", href(query.withPage(page.page() + 1)),
            "likedIds", viewer == null ? Set.of() : Set.copyOf(viewerService.likes(viewer)),
            "returnPath", href(query));
    if (Views.isHtmxSwapOf(ctx, "results")) {
      views.fragment(ctx, "catalog", "results", model);
    } else {
      views.page(ctx, "catalog", model);
    }
  }

  private void profilePage(Context ctx) {
    Profile profile =
        catalog
            .find(ctx.pathParam("accountId"))
            .orElseThrow(() -> new NotFoundResponse("No profile with that account id."));
    Session viewer = viewers.optional(ctx);
    Map<String, Object> model = new java.util.HashMap<>();
    model.put("profile", profile);
    model.put("accountId", profile.accountId());
    model.put("playsChart", PlaysChart.of(profile.topVideos()));
    model.put("liked", viewer != null && viewerService.likes(viewer).contains(profile.accountId()));
    views.page(ctx, "profile", model);
  }

  private void searchApi(Context ctx) {
    ctx.json(JsonBodies.ProfilePage.of(catalog.search(parseQuery(ctx))));
  }

  private void profileApi(Context ctx) {
    ctx.json(
        catalog
            .find(ctx.pathParam("accountId"))
            .orElseThrow(() -> new NotFoundResponse("No profile with that account id.")));
  }

  static CatalogQuery parseQuery(Context ctx) {
    try {
      return new CatalogQuery(
          ctx.queryParam("q"),
          parseVerified(ctx.queryParam("verified")),
          parseCount(ctx.queryParam("minFollowers"), "minFollowers"),
          parseCount(ctx.queryParam("maxFollowers"), "maxFollowers"),
          CatalogQuery.Sort.fromParam(ctx.queryParam("sort")),
          (int)
              Math.min(Integer.MAX_VALUE, orDefault(parseCount(ctx.queryParam("page"), "page"), 1)),
          (int)
              Math.min(
                  CatalogQuery.MAX_PAGE_SIZE,
                  orDefault(
                      parseCount(ctx.queryParam("size"), "size"), CatalogQuery.DEFAULT_PAGE_SIZE)));
    } catch (IllegalArgumentException e) {
      throw new BadRequestResponse(e.getMessage());
    }
  }

  private static long orDefault(Long value, long fallback) {
    return value == null ? fallback : value;
  }

  private static Boolean parseVerified(String value) {
    if (value == null || value.isBlank() || value.equals("any")) {
      return null;
    }
    return switch (value) {
      case "true", "yes", "on" -> true;
      case "false", "no" -> false;
      default -> throw new IllegalArgumentException("verified must be true or false");
    };
  }

  private static Long parseCount(String value, String name) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      long n = Long.parseLong(value.strip().replace("_", "").replace(",", ""));
      if (n < 0) {
        throw new IllegalArgumentException(name + " must not be negative");
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'");
    }
  }

  /** The catalog's parameter names, as the search form labels them. */
  private static String forPeople(String message) {
    return message
        .replace("minFollowers", "Min followers")
        .replace("maxFollowers", "Max followers")
        .replaceFirst("^page ", "The page number ")
        .replaceFirst("^size ", "The page size ");
  }

  /**
   * Links for the pager: the pages around the current one, plus the first and the last with a gap
   * marker between when they are further away. Each works as a plain link and as an htmx swap.
   */
  private static List<Map<String, Object>> pageLinks(CatalogQuery q, Page<Profile> page) {
    int first = Math.max(1, page.page() - 2);
    int last = Math.min(page.totalPages(), page.page() + 2);
    List<Map<String, Object>> links = new java.util.ArrayList<>();
    if (first > 1) {
      links.add(link(q, 1, page));
      if (first > 2) {
        links.add(Map.of("gap", true));
      }
    }
    for (int p = first; p <= last; p++) {
      links.add(link(q, p, page));
    }
    if (last < page.totalPages()) {
      if (last < page.totalPages() - 1) {
        links.add(Map.of("gap", true));
      }
      links.add(link(q, page.totalPages(), page));
    }
    return links;
  }

  private static Map<String, Object> link(CatalogQuery q, int p, Page<Profile> page) {
    return Map.of(
        "gap", false, "number", p, "href", href(q.withPage(p)), "current", p == page.page());
  }

  /** The catalog URL for a query, also used by the template for previous/next. */
  static String href(CatalogQuery q) {
    Map<String, String> params = new LinkedHashMap<>();
    if (!q.text().isEmpty()) {
      params.put("q", q.text());
    }
    if (q.verified() != null) {
      params.put("verified", q.verified().toString());
    }
    if (q.minFollowers() != null) {
      params.put("minFollowers", q.minFollowers().toString());
    }
    if (q.maxFollowers() != null) {
      params.put("maxFollowers", q.maxFollowers().toString());
    }
    if (q.sort() != CatalogQuery.Sort.FOLLOWERS_DESC) {
      params.put("sort", q.sort().param());
    }
    if (q.page() > 1) {
      params.put("page", Integer.toString(q.page()));
    }
    StringBuilder sb = new StringBuilder("/catalog");
    String sep = "?";
    for (var e : params.entrySet()) {
      sb.append(sep)
          .append(e.getKey())
          .append('=')
          .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
      sep = "&";
    }
    return sb.toString();
  }
}
