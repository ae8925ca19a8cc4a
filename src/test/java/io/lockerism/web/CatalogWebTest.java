package io.lockerism.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lockerism.testing.HttpSession;
import io.lockerism.testing.TestApp;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CatalogWebTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static TestApp app;
  private static HttpSession web;

  @BeforeAll
  static void start() {
    app = TestApp.withSample();
    web = app.newSession();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static JsonNode api(String path) throws Exception {
    HttpResponse<String> r = web.get(path);
    assertEquals(200, r.statusCode(), r.body());
    return JSON.readTree(r.body());
  }

  @Test
  void firstStartImportsTheThousandSampleProfiles() throws Exception {
    JsonNode page = api("/api/v1/profiles");
    assertEquals(1000, page.get("total").asLong());
    assertEquals(24, page.get("items").size());
    assertEquals(42, page.get("totalPages").asInt());
    String html = web.get("/catalog").body();
    assertTrue(html.contains("of <strong>1,000</strong> creators"), "summary shows the total");
  }

  /** "Léa" sorts with the L's, before "lucia_…", not after every ASCII name as by code point. */
  @Test
  void nameAToZSortsByTheLanguageNotByCodePoint() throws Exception {
    java.util.List<String> names = new java.util.ArrayList<>();
    for (int page = 1; page <= 10; page++) {
      for (JsonNode p : api("/api/v1/profiles?size=100&sort=name-asc&page=" + page).get("items")) {
        names.add(p.get("nickname").asText());
      }
    }
    assertEquals(1000, names.size());
    java.text.Collator primary = java.text.Collator.getInstance(Locale.ROOT);
    primary.setStrength(java.text.Collator.PRIMARY);
    for (int i = 1; i < names.size(); i++) {
      assertTrue(
          primary.compare(names.get(i - 1).strip(), names.get(i).strip()) <= 0,
          names.get(i - 1) + " before " + names.get(i));
    }
    int lea = names.indexOf("Léa");
    int lucia = names.indexOf("lucia_travels62");
    assertTrue(lea >= 0 && lucia >= 0 && lea < lucia, lea + " < " + lucia);
    assertTrue(names.indexOf("Larissa") < lea);
  }

  @Test
  void healthAndReadiness() throws Exception {
    assertEquals(200, web.get("/healthz").statusCode());
    JsonNode ready = api("/readyz");
    assertEquals("up", ready.at("/checks/database").asText());
    assertEquals("up", ready.at("/checks/engine").asText());
  }

  @Test
  void searchFindsAProfileByAWordOfItsNicknameAndByHashtag() throws Exception {
    JsonNode first = api("/api/v1/profiles?sort=name-asc").get("items").get(0);
    String word = first.get("nickname").asText().toLowerCase(Locale.ROOT);
    JsonNode found = api("/api/v1/profiles?size=100&sort=name-asc&q=" + enc(word));
    assertTrue(contains(found, first.get("accountId").asText()), "search by '" + word + "'");
    for (JsonNode p : found.get("items")) {
      assertTrue(searchable(p).contains(word), p.get("nickname").asText());
    }

    JsonNode tagged = api("/api/v1/profiles?q=" + enc("#fitness"));
    assertTrue(tagged.get("total").asLong() > 0, "the sample has #fitness creators");
    assertTrue(tagged.get("total").asLong() < 1000);
  }

  @Test
  void searchFindsACreatorByHandleAndByAccountId() throws Exception {
    JsonNode any = api("/api/v1/profiles?size=100").get("items");
    JsonNode withUrl = null;
    for (JsonNode p : any) {
      if (p.path("url").asText().contains("/@")) {
        withUrl = p;
        break;
      }
    }
    assertTrue(withUrl != null, "the sample has TikTok addresses");
    String id = withUrl.get("accountId").asText();
    String handle = withUrl.get("url").asText().replaceAll(".*/@([^/?#]+).*", "$1");
    assertTrue(contains(api("/api/v1/profiles?q=" + enc("@" + handle)), id), "@" + handle);
    assertTrue(contains(api("/api/v1/profiles?q=" + enc(handle)), id), handle);
    JsonNode byId = api("/api/v1/profiles?q=" + enc(id));
    assertTrue(contains(byId, id), "by account id");
  }

  @Test
  void pagesPastTheEndShowTheLastPageAndThePagerLinksFirstAndLast() throws Exception {
    JsonNode first = api("/api/v1/profiles");
    int lastPage = first.get("totalPages").asInt();
    String past = web.get("/catalog?page=999").body();
    assertTrue(
        past.contains("aria-current=\"page\"") && past.contains(">" + lastPage + "</a>"),
        "the last page is shown");
    assertFalse(past.contains("Showing 23"), "no impossible range");
    String middle = web.get("/catalog?page=10").body();
    assertTrue(middle.contains("href=\"/catalog\"") || middle.contains(">1</a>"), "a first link");
    assertTrue(middle.contains("Last page, " + lastPage), "a last link");
  }

  @Test
  void badQueryValuesOnPagesAreAFriendly400() throws Exception {
    HttpResponse<String> r = web.get("/catalog?minFollowers=abc");
    assertEquals(400, r.statusCode());
    assertTrue(r.body().contains("Check your search"), r.body());
    assertTrue(r.body().contains("Min followers must be a whole number"), r.body());
    assertFalse(r.body().contains("minFollowers must"));
    HttpResponse<String> emptyRange = web.get("/catalog?minFollowers=5000&maxFollowers=10");
    assertEquals(400, emptyRange.statusCode());
    assertTrue(
        emptyRange.body().contains("Max followers must not be below Min followers"),
        emptyRange.body());
    HttpResponse<String> api = web.get("/api/v1/profiles?minFollowers=5000&maxFollowers=10");
    assertEquals(400, api.statusCode(), "the API refuses an empty range too");
  }

  @Test
  void searchWithNoMatchesShowsAnEmptyState() throws Exception {
    assertEquals(0, api("/api/v1/profiles?q=zzzqqqxxx").get("total").asLong());
    assertTrue(web.get("/catalog?q=zzzqqqxxx").body().contains("No creators match"));
  }

  @Test
  void filtersByVerifiedAndFollowerRange() throws Exception {
    JsonNode verified = api("/api/v1/profiles?verified=true&size=100");
    assertTrue(verified.get("total").asLong() > 0);
    verified.get("items").forEach(p -> assertTrue(p.get("verified").asBoolean()));

    JsonNode range = api("/api/v1/profiles?minFollowers=10000&maxFollowers=50000&size=100");
    assertTrue(range.get("total").asLong() > 0);
    range
        .get("items")
        .forEach(
            p -> {
              long f = p.get("followers").asLong();
              assertTrue(f >= 10_000 && f <= 50_000, "followers " + f);
            });
  }

  @Test
  void sortsAndPagesWithoutOverlap() throws Exception {
    JsonNode asc = api("/api/v1/profiles?sort=followers-asc&size=50");
    long previous = -1;
    for (JsonNode p : asc.get("items")) {
      assertTrue(p.get("followers").asLong() >= previous);
      previous = p.get("followers").asLong();
    }
    Set<String> page1 = ids(api("/api/v1/profiles?page=1"));
    Set<String> page2 = ids(api("/api/v1/profiles?page=2"));
    assertEquals(24, page2.size());
    page2.retainAll(page1);
    assertTrue(page2.isEmpty(), "pages do not overlap");
  }

  @Test
  void htmxSwapsGetOnlyTheResultsFragmentAndPlainLinksGetTheWholePage() {
    HttpResponse<String> swap =
        web.get("/catalog?page=2", "HX-Request", "true", "HX-Target", "results");
    assertEquals(200, swap.statusCode());
    assertFalse(swap.body().contains("<html"), "fragment only");
    assertTrue(swap.body().contains("card-grid"));
    assertTrue(swap.body().contains("hx-get=\"/catalog?page=3\""), "pager links swap too");
    assertTrue(swap.body().contains("href=\"/catalog?page=3\""), "and work as plain links");

    String full = web.get("/catalog?page=2").body();
    assertTrue(full.contains("<html") && full.contains("id=\"results\""));
    assertTrue(full.contains("<label for=\"q\">Search</label>"));
  }

  @Test
  void badQueryParametersAreClearErrors() throws Exception {
    HttpResponse<String> r = web.get("/api/v1/profiles?minFollowers=lots");
    assertEquals(400, r.statusCode());
    assertTrue(JSON.readTree(r.body()).get("error").asText().contains("minFollowers"));
    assertEquals(400, web.get("/api/v1/profiles?sort=random").statusCode());
    assertEquals(400, web.get("/catalog?verified=maybe").statusCode());
  }

  @Test
  void profilePageShowsBioStatsAndTopVideos() throws Exception {
    JsonNode p = api("/api/v1/profiles").get("items").get(0);
    String id = p.get("accountId").asText();
    HttpResponse<String> page = web.get("/profiles/" + id);
    assertEquals(200, page.statusCode());
    String html = page.body();
    assertTrue(html.contains("Top videos"));
    assertTrue(html.contains("Followers"));
    JsonNode video = p.get("topVideos").get(0);
    String description = video.get("description").asText();
    // Hashtags are links to the search; the text reads the same with the links taken out.
    assertTrue(
        html.replaceAll("<a class=\"hashtag\"[^>]*>([^<]*)</a>", "$1")
            .contains(escapeHtml(description)),
        () ->
            "first video shown: "
                + escapeHtml(description)
                + " in "
                + html.substring(html.indexOf("video-list")));
    if (description.contains("#")) {
      assertTrue(html.contains("class=\"hashtag\" href=\"/catalog?q=%23"), "hashtags link");
    }
    assertEquals(id, api("/api/v1/profiles/" + id).get("accountId").asText());
  }

  @Test
  void unknownProfilesAndPagesAreFriendly404s() throws Exception {
    HttpResponse<String> page = web.get("/profiles/does-not-exist");
    assertEquals(404, page.statusCode());
    assertTrue(page.body().contains("Go to the catalog"));
    HttpResponse<String> api = web.get("/api/v1/profiles/does-not-exist");
    assertEquals(404, api.statusCode());
    assertEquals(
        "No profile with that account id.", JSON.readTree(api.body()).get("error").asText());
    assertEquals(404, web.get("/no/such/page").statusCode());
  }

  @Test
  void openApiDocumentDescribesTheApi() throws Exception {
    JsonNode doc = api("/api/v1/openapi.json");
    assertEquals("3.0.3", doc.get("openapi").asText());
    Set<String> paths = new HashSet<>();
    doc.get("paths").fieldNames().forEachRemaining(paths::add);
    assertTrue(
        paths.containsAll(
            Set.of(
                "/api/v1/profiles",
                "/api/v1/profiles/{accountId}",
                "/api/v1/session",
                "/api/v1/accounts")),
        paths.toString());
  }

  @Test
  void staticAssetsAreServedLocally() {
    assertEquals(200, web.get("/static/css/app.css").statusCode());
    String html = web.get("/catalog").body();
    assertTrue(html.contains("src=\"/webjars/htmx.org/2.0.10/dist/htmx.min.js\""));
    assertEquals(200, web.get("/webjars/htmx.org/2.0.10/dist/htmx.min.js").statusCode());
    assertFalse(html.contains("https://"), "no CDN");
  }

  private static boolean contains(JsonNode page, String accountId) {
    for (JsonNode p : page.get("items")) {
      if (p.get("accountId").asText().equals(accountId)) {
        return true;
      }
    }
    return false;
  }

  private static Set<String> ids(JsonNode page) {
    Set<String> ids = new HashSet<>();
    for (Iterator<JsonNode> it = page.get("items").elements(); it.hasNext(); ) {
      ids.add(it.next().get("accountId").asText());
    }
    return ids;
  }

  private static String searchable(JsonNode p) {
    StringBuilder s =
        new StringBuilder(p.get("nickname").asText())
            .append(' ')
            .append(p.get("biography").asText())
            .append(' ')
            .append(p.path("url").asText());
    p.get("topVideos").forEach(v -> s.append(' ').append(v.get("description").asText()));
    return s.toString().toLowerCase(Locale.ROOT);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String escapeHtml(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&#39;");
  }
}
