package io.lockerism.viewer;

/** One profile of a feed: its rank (1-based), snapshot index, account id and score. */
public record FeedItem(int rank, int index, String accountId, long score) {}
