package io.lockerism.catalog;

import java.time.Instant;
import java.util.Objects;

/** One entry of a profile's {@code top_videos} JSON array. Counts are zero when absent. */
public record TopVideo(
    String videoId,
    String description,
    long playCount,
    long likeCount,
    long commentCount,
    long shareCount,
    Instant createdAt,
    String videoUrl) {

  public TopVideo {
    videoId = Objects.requireNonNullElse(videoId, "");
    description = Objects.requireNonNullElse(description, "");
    videoUrl = Objects.requireNonNullElse(videoUrl, "");
  }
}
