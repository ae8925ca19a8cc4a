package io.lockerism.interest;

/**
 * What a like or unlike did, and the viewer's interest as it now stands (the new Enc(u), still
 * open), so a feed can be ranked from it without reading back what was just written. Close it to
 * release the ciphertext.
 */
public record InterestUpdate(Outcome outcome, ViewerInterest interest) implements AutoCloseable {

  /** What happened to the like-set. */
  public enum Outcome {
    /** The profile was added to or removed from the like-set, and Enc(u) updated. */
    CHANGED,
    /** The like-set already was as asked (liked twice, or unliked when not liked). */
    UNCHANGED,
    /** A like beyond the cap that keeps scores within the encryption's bounds: refused. */
    LIKE_LIMIT
  }

  public boolean changed() {
    return outcome == Outcome.CHANGED;
  }

  @Override
  public void close() {
    interest.close();
  }
}
