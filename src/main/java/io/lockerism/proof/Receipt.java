package io.lockerism.proof;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A viewer's receipt for one proof (docs/proofs.md, "Receipts"): everything anyone needs to check,
 * without the app, that the proven feed is the registered model's for the committed like-set — the
 * feed as shown, the openings of C_L and C_F, the proof and its public inputs, and where it was
 * published. It holds the viewer's likes: it goes to the viewer's own device only.
 *
 * @param format always {@value #FORMAT}
 * @param version the format's version, {@value #VERSION}
 * @param snapshotId the model snapshot (hex SHA-256 of its canonical bytes)
 * @param k the feed length proven
 * @param feed the feed in rank order: account ids and their snapshot indices (opens C_F)
 * @param likes the like-set, ascending by snapshot index (opens C_L)
 * @param saltL the salt of C_L (0x word)
 * @param saltF the salt of C_F (0x word)
 * @param commitL C_L
 * @param commitF C_F
 * @param proof the Groth16 proof in the layout FeedLedger.record takes (0x hex)
 * @param publicInputs the statement values FeedLedger.record takes, in order (0x words)
 * @param chain where the proof was recorded, when the ledger follower has seen it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Receipt(
    String format,
    int version,
    String snapshotId,
    int k,
    List<Entry> feed,
    List<Entry> likes,
    String saltL,
    String saltF,
    String commitL,
    String commitF,
    String proof,
    List<String> publicInputs,
    Chain chain) {

  public static final String FORMAT = "lockerism-feed-receipt";
  public static final int VERSION = 1;

  public Receipt {
    feed = feed == null ? null : List.copyOf(feed);
    likes = likes == null ? null : List.copyOf(likes);
    publicInputs = publicInputs == null ? null : List.copyOf(publicInputs);
  }

  /** A profile by account id and by its index in the snapshot. */
  public record Entry(String accountId, int index) {}

  /**
   * The FeedVerified record of this proof.
   *
   * @param chainId the chain's id
   * @param ledger the FeedLedger contract's address
   * @param transaction the hash of the transaction that recorded it
   */
  public record Chain(long chainId, String ledger, String transaction) {}
}
