package io.lockerism.catalog;

import java.util.Locale;
import java.util.Optional;

/**
 * The columns of the TikTok profiles CSV (Bright Data's layout), in the order the sample generator
 * writes them. Readers match columns by name, so files may order them freely.
 */
public enum CatalogColumn {
  TIMESTAMP("timestamp"),
  ACCOUNT_ID("account_id"),
  NICKNAME("nickname"),
  BIOGRAPHY("biography"),
  // "awg" is the source data set's own spelling of "avg"; keep it so real files match.
  AVG_ENGAGEMENT_RATE("awg_engagement_rate"),
  COMMENT_ENGAGEMENT_RATE("comment_engagement_rate"),
  LIKE_ENGAGEMENT_RATE("like_engagement_rate"),
  BIO_LINK("bio_link"),
  IS_VERIFIED("is_verified"),
  FOLLOWERS("followers"),
  FOLLOWING("following"),
  LIKES("likes"),
  VIDEOS_COUNT("videos_count"),
  CREATE_TIME("create_time"),
  ID("id"),
  TOP_VIDEOS("top_videos"),
  URL("url"),
  PROFILE_PIC_URL("profile_pic_url");

  private final String header;

  CatalogColumn(String header) {
    this.header = header;
  }

  /** The column's name as written in the CSV header row. */
  public String header() {
    return header;
  }

  /** Only the catalog key is required; every other column may be missing or empty. */
  public boolean required() {
    return this == ACCOUNT_ID;
  }

  /** The column a header cell names (trimmed, case-insensitive), if it is one of ours. */
  public static Optional<CatalogColumn> forHeader(String cell) {
    String name = cell.strip().toLowerCase(Locale.ROOT);
    for (CatalogColumn column : values()) {
      if (column.header.equals(name)) {
        return Optional.of(column);
      }
    }
    return Optional.empty();
  }
}
