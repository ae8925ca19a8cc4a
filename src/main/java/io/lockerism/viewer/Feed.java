package io.lockerism.viewer;

import java.util.List;

/**
 * A viewer's ranked feed under one snapshot, with their likes in the order liked; {@code coldStart}
 * when they like nothing yet.
 */
public record Feed(String snapshotId, List<FeedItem> items, List<String> likedAccountIds) {

  public Feed {
    items = List.copyOf(items);
    likedAccountIds = List.copyOf(likedAccountIds);
  }

  public boolean coldStart() {
    return likedAccountIds.isEmpty();
  }
}
