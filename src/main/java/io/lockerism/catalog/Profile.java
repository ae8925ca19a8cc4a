package io.lockerism.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One creator profile of the catalog, as imported from the TikTok profiles CSV.
 *
 * <p>{@code accountId} is the catalog key (imports upsert by it). Text fields are never null (empty
 * when the source had nothing); optional numbers and instants are null when absent.
 */
public record Profile(
    String accountId,
    String nickname,
    String biography,
    String bioLink,
    boolean verified,
    long followers,
    long following,
    long likes,
    long videosCount,
    Double avgEngagementRate,
    Double commentEngagementRate,
    Double likeEngagementRate,
    Instant createTime,
    String id,
    String url,
    String profilePicUrl,
    Instant scrapedAt,
    List<TopVideo> topVideos) {

  /**
   * The longest account id, in bytes of UTF-8: the import refuses longer ids, snapshots cannot hold
   * them and a sealed like-set reserves this much per like. The engine defines the bound
   * (circuits/model); a test compares this constant with it.
   */
  public static final int MAX_ACCOUNT_ID_BYTES = 128;

  public Profile {
    Objects.requireNonNull(accountId, "accountId");
    nickname = Objects.requireNonNullElse(nickname, "");
    biography = Objects.requireNonNullElse(biography, "");
    bioLink = Objects.requireNonNullElse(bioLink, "");
    id = Objects.requireNonNullElse(id, "");
    url = Objects.requireNonNullElse(url, "");
    profilePicUrl = Objects.requireNonNullElse(profilePicUrl, "");
    topVideos = topVideos == null ? List.of() : List.copyOf(topVideos);
  }

  /** The name to show: the nickname, or the account id when the profile has none. */
  public String displayName() {
    return nickname.isBlank() ? accountId : nickname;
  }
}
