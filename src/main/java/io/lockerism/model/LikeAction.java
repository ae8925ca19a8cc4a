package io.lockerism.model;

/**
 * A viewer's like or unlike of one profile, in the one form it has from the request to the
 * homomorphic update: a like adds the profile's row M_i to the interest u, an unlike subtracts it.
 */
public enum LikeAction {
  LIKE,
  UNLIKE;

  /** +1 for a like, -1 for an unlike: the coefficient of M_i in u' = u ± M_i. */
  public int sign() {
    return this == LIKE ? 1 : -1;
  }

  /** Whether a like-set holding (or not holding) the profile already reflects this action. */
  public boolean isReflectedBy(boolean liked) {
    return liked == (this == LIKE);
  }
}
