package io.lockerism.proof;

import java.util.HashSet;
import java.util.List;

/**
 * The feed a viewer was shown and asks to have proven: the snapshot it was ranked under, the length
 * k proven, and the shown profiles' account ids in rank order (the first min(k, unliked profiles)
 * of the page). It comes back from the viewer with the prove request; the job proves it only if the
 * model still gives exactly this feed when the job runs.
 */
public record ShownFeed(String snapshotId, int k, List<String> accountIds) {

  /** The longest account id a shown feed may name (the catalog's bound, in UTF-8 bytes). */
  static final int MAX_ID_CHARS = 128;

  /** Refuses a shown feed no page could have sent, with a message the viewer can read. */
  public ShownFeed {
    if (snapshotId == null || !snapshotId.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("the shown feed's snapshot id is not a snapshot id");
    }
    if (k < 1 || k > ProofService.MAX_K) {
      throw new IllegalArgumentException("k must be between 1 and " + ProofService.MAX_K);
    }
    if (accountIds == null || accountIds.isEmpty() || accountIds.size() > k) {
      throw new IllegalArgumentException("the shown feed must list between 1 and k account ids");
    }
    accountIds = List.copyOf(accountIds);
    for (String id : accountIds) {
      if (id.isEmpty() || id.length() > MAX_ID_CHARS) {
        throw new IllegalArgumentException("the shown feed names an account id that cannot be");
      }
    }
    if (new HashSet<>(accountIds).size() != accountIds.size()) {
      throw new IllegalArgumentException("the shown feed names a profile twice");
    }
  }
}
