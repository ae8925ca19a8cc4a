package io.lockerism.viewer;

/** A like or unlike and the feed ranked right after it, from the interest it just wrote. */
public record LikedFeed(LikeResult like, Feed feed) {}
