package io.lockerism.viewer;

import io.lockerism.model.LikeAction;

/**
 * The outcome of a like or unlike: which action on which profile, whether it changed the like-set
 * (a second like of the same profile does not), and the viewer's like count after it.
 */
public record LikeResult(String accountId, LikeAction action, boolean changed, int likeCount) {

  /** Whether the profile is liked now. */
  public boolean liked() {
    return action == LikeAction.LIKE;
  }
}
