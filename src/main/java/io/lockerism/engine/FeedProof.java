package io.lockerism.engine;

import java.util.List;

/**
 * A Groth16 proof that a feed is the registered model's top-k for a committed like-set.
 *
 * @param proof the proof in the layout FeedLedger.record and IFeedVerifier take (0x hex)
 * @param publicInputs [snapshotIdHi, snapshotIdLo, C_L, C_F, k, publisher] as 0x 32-byte words
 * @param commitL the salted commitment to the like-set
 * @param commitF the salted commitment to the feed
 * @param feed the proven feed (snapshot indices in rank order); the viewer's secret
 */
public record FeedProof(
    String proof,
    List<String> publicInputs,
    String commitL,
    String commitF,
    int k,
    List<Integer> feed) {

  public FeedProof {
    publicInputs = List.copyOf(publicInputs);
    feed = List.copyOf(feed);
  }
}
