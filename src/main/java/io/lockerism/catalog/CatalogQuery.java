package io.lockerism.catalog;

/**
 * A catalog search: free text over nickname, biography and hashtags (every word must match),
 * optional filters, a sort order and a 1-based page.
 */
public record CatalogQuery(
    String text,
    Boolean verified,
    Long minFollowers,
    Long maxFollowers,
    Sort sort,
    int page,
    int pageSize) {

  public static final int DEFAULT_PAGE_SIZE = 24;
  public static final int MAX_PAGE_SIZE = 100;

  public CatalogQuery {
    text = text == null ? "" : text.strip();
    sort = sort == null ? Sort.FOLLOWERS_DESC : sort;
    page = Math.max(1, page);
    pageSize = pageSize <= 0 ? DEFAULT_PAGE_SIZE : Math.min(pageSize, MAX_PAGE_SIZE);
    if (minFollowers != null && minFollowers < 0) {
      throw new IllegalArgumentException("minFollowers must not be negative");
    }
    if (maxFollowers != null && maxFollowers < 0) {
      throw new IllegalArgumentException("maxFollowers must not be negative");
    }
    if (minFollowers != null && maxFollowers != null && maxFollowers < minFollowers) {
      // an empty range is a mistake in the search, not a search with no matches
      throw new IllegalArgumentException("maxFollowers must not be below minFollowers");
    }
  }

  public static CatalogQuery firstPage() {
    return new CatalogQuery("", null, null, null, Sort.FOLLOWERS_DESC, 1, DEFAULT_PAGE_SIZE);
  }

  public CatalogQuery withPage(int newPage) {
    return new CatalogQuery(text, verified, minFollowers, maxFollowers, sort, newPage, pageSize);
  }

  public long offset() {
    return (long) (page - 1) * pageSize;
  }

  /** Sort orders offered to users; each maps to a fixed, index-friendly ORDER BY. */
  public enum Sort {
    FOLLOWERS_DESC("followers-desc", "Most followers", "followers DESC, account_id"),
    FOLLOWERS_ASC("followers-asc", "Fewest followers", "followers ASC, account_id"),
    LIKES_DESC("likes-desc", "Most likes", "likes DESC, account_id"),
    ENGAGEMENT_DESC(
        "engagement-desc",
        "Highest engagement",
        "COALESCE(avg_engagement_rate, 0) DESC, account_id"),
    NAME_ASC("name-asc", "Name A–Z", "name_key ASC NULLS LAST, account_id");

    private final String param;
    private final String label;
    private final String orderBy;

    Sort(String param, String label, String orderBy) {
      this.param = param;
      this.label = label;
      this.orderBy = orderBy;
    }

    public String param() {
      return param;
    }

    public String label() {
      return label;
    }

    String orderBy() {
      return orderBy;
    }

    /** The sort named by a request parameter; unknown names are a user error. */
    public static Sort fromParam(String value) {
      if (value == null || value.isBlank()) {
        return FOLLOWERS_DESC;
      }
      for (Sort s : values()) {
        if (s.param.equalsIgnoreCase(value.strip())) {
          return s;
        }
      }
      throw new IllegalArgumentException("unknown sort '" + value + "'");
    }
  }
}
