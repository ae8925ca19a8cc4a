package io.lockerism.interest;

import io.lockerism.engine.HeCiphertext;
import io.lockerism.model.Snapshot;
import java.util.List;
import java.util.Set;

/**
 * A viewer's interest as a feed needs it: the encrypted interest Enc(u), the snapshot it belongs
 * to, and the liked profiles (indices in that snapshot, to drop them from the feed; account ids in
 * the order liked, for the viewer's own list). {@code storedInterest} is Enc(u) exactly as stored,
 * which a query built from it can be checked against. Close it to release the ciphertext.
 */
public record ViewerInterest(
    Snapshot snapshot,
    HeCiphertext interest,
    byte[] storedInterest,
    Set<Integer> likedIndices,
    List<String> likedAccountIds)
    implements AutoCloseable {

  @Override
  public void close() {
    interest.close();
  }
}
