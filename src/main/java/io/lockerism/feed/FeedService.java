package io.lockerism.feed;

import io.lockerism.evaluator.Evaluator;
import io.lockerism.locker.Locker;
import io.lockerism.locker.ViewerInterest;
import io.lockerism.model.Explanation;
import io.lockerism.model.Ranking;
import io.lockerism.model.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The For-You feed: the evaluator scores the viewer's encrypted interest, the locker decrypts
 * each block of scores, liked profiles are dropped and the top k kept (ties to the lower index).
 */
public final class FeedService {

  public static final int DEFAULT_K = 20;
  public static final int MAX_K = 100;
  private static final int EXPLANATION_FEATURES = 6;

  private final Locker locker;
  private final Evaluator evaluator;

  public FeedService(Locker locker, Evaluator evaluator) {
    this.locker = locker;
    this.evaluator = evaluator;
  }

  public Feed feed(String sessionId, int k) {
    if (k < 1 || k > MAX_K) {
      throw new IllegalArgumentException("k must be between 1 and " + MAX_K);
    }
    try (ViewerInterest viewer = locker.interest(sessionId)) {
      Snapshot snapshot = viewer.snapshot();
      Ranking top = new Ranking(k, viewer.likedIndices());
      evaluator.score(snapshot, viewer.interest(), (firstRow, rows, scores) ->
          top.offer(firstRow, locker.decryptScores(sessionId, scores, snapshot.d(), rows)));
      List<FeedItem> items = new ArrayList<>();
      for (Ranking.Ranked r : top.ranked()) {
        items.add(new FeedItem(items.size() + 1, r.index(), snapshot.accountId(r.index()),
            r.score()));
      }
      return new Feed(snapshot.id(), items, viewer.likedAccountIds());
    }
  }

  /**
   * Why a profile scores as it does for this viewer: the features contributing most to M_i·u,
   * computed in the locker from the decrypted interest vector.
   */
  public Optional<Explanation> why(String sessionId, String accountId) {
    try (ViewerInterest viewer = locker.interest(sessionId)) {
      Snapshot snapshot = viewer.snapshot();
      int index = snapshot.indexOf(accountId);
      if (index < 0) {
        return Optional.empty();
      }
      int[] u = locker.decryptInterest(sessionId, viewer.interest(), snapshot.d());
      return Optional.of(Explanation.of(snapshot, u, index, EXPLANATION_FEATURES));
    }
  }
}
