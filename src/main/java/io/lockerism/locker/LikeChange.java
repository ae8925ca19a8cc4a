package io.lockerism.locker;

/** The outcome of a like or unlike: whether it changed anything, and the viewer's like count. */
public record LikeChange(String accountId, boolean liked, boolean changed, int likeCount) {}
