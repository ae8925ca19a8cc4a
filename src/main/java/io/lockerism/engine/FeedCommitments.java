package io.lockerism.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Recomputes a feed proof's commitments from their openings ({@code lk_zk_commitments}): C_L from
 * the like-set and its salt, C_F from the feed and its salt, with the circuit's own encoding and
 * MiMC. Needs no snapshot and no keys, so anyone holding a receipt can open it.
 */
public final class FeedCommitments {

  private FeedCommitments() {}

  /**
   * C_L and C_F as 0x-prefixed 32-byte words.
   *
   * @param commitL the commitment to the like-set
   * @param commitF the commitment to the feed
   */
  public record Opened(String commitL, String commitF) {}

  /**
   * Computes the commitments. Throws {@link NativeEngineException} ({@link
   * EngineStatus#INVALID_ARGUMENT}) for openings no proof commits to: likes not strictly ascending
   * or more than 100, a feed empty, longer than {@link FeedProver#K_MAX} or with a repeated entry,
   * a salt that is not a 32-byte word below the field modulus.
   *
   * @param likes the liked snapshot indices, ascending
   * @param feed the feed's snapshot indices in rank order
   * @param saltL the like-set's salt (0x word)
   * @param saltF the feed's salt (0x word)
   */
  public static Opened of(
      NativeEngine engine, List<Integer> likes, List<Integer> feed, String saltL, String saltF) {
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("likes", likes);
    request.put("feed", feed);
    request.put("saltL", saltL);
    request.put("saltF", saltF);
    byte[] req = EngineJson.write(request);
    return engine.callForJson(
        (o, err, cap) -> engine.lib().lk_zk_commitments(req, req.length, o, err, cap),
        Opened.class,
        "commitments");
  }
}
