package io.lockerism.feed;

import java.util.List;

/** A viewer's ranked feed under one snapshot; {@code coldStart} when they like nothing yet. */
public record Feed(String snapshotId, List<FeedItem> items, int likeCount) {

  public Feed {
    items = List.copyOf(items);
  }

  public boolean coldStart() {
    return likeCount == 0;
  }
}
