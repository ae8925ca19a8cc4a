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
 * @param saltL the salt that opens C_L (0x word); as secret as the like-set
 * @param saltF the salt that opens C_F (0x word); as secret as the feed
 */
public record FeedProof(
    String proof,
    List<String> publicInputs,
    String commitL,
    String commitF,
    int k,
    List<Integer> feed,
    String saltL,
    String saltF) {

  public FeedProof {
    publicInputs = List.copyOf(publicInputs);
    feed = List.copyOf(feed);
  }
}
