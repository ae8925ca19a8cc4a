package io.lockerism.viewer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lockerism.app.Components;
import io.lockerism.config.AppConfig;
import io.lockerism.engine.HeReply;
import io.lockerism.engine.ScoredRow;
import io.lockerism.interest.InterestStore;
import io.lockerism.interest.ViewerInterest;
import io.lockerism.locker.Vault;
import io.lockerism.model.LikeAction;
import io.lockerism.model.PlaintextScorer;
import io.lockerism.model.Snapshot;
import io.lockerism.testing.TestAccounts;
import io.lockerism.testing.TestApp;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Queries kept between feeds, on the real engine and database: reused only while Enc(u) is the
 * same, always ranking exactly like the plaintext model, bounded by memory, and safe to push out
 * while a feed still uses them.
 */
class QueryCacheTest {

  private static final char[] PASSWORD = "a query cache password".toCharArray();
  private static final int K = 10;
  private static Components parts;
  private static InterestStore interests;
  private static Snapshot snapshot;
  private static int viewers;

  @BeforeAll
  static void start() {
    parts = Components.of(AppConfig.forDataDir(TestApp.tempDir()));
    parts.catalog().importSampleIfEmpty();
    snapshot = parts.snapshots().current();
    interests = parts.interests();
  }

  @AfterAll
  static void stop() {
    parts.close();
  }

  @Test
  void aQueryServesTheNextFeedsUntilALikeChangesEncUAndEveryFeedMatchesThePlaintextModel() {
    QueryCache cache = new QueryCache(256L << 20);
    Vault vault = newViewer();
    interests.apply(vault, snapshot, 5, LikeAction.LIKE).close();

    try (ViewerInterest first = interests.read(vault, snapshot);
        QueryCache.Lease a = cache.lease(vault, first);
        ViewerInterest again = interests.read(vault, snapshot);
        QueryCache.Lease b = cache.lease(vault, again)) {
      assertSame(a.query(), b.query(), "the same Enc(u) reuses its query");
      assertFeedIsPlaintext(vault, first, b, Set.of(5));
    }

    interests.apply(vault, snapshot, 9, LikeAction.LIKE).close();
    try (ViewerInterest liked = interests.read(vault, snapshot);
        QueryCache.Lease c = cache.lease(vault, liked)) {
      assertFeedIsPlaintext(vault, liked, c, Set.of(5, 9));
    }
    assertEquals(1, cache.stats().queries(), "one query per viewer: the old one was replaced");
  }

  @Test
  void theBoundPushesOutTheLeastRecentViewerAndAQueryInUseKeepsWorkingUntilReturned() {
    Vault first = newViewer();
    Vault second = newViewer();
    interests.apply(first, snapshot, 1, LikeAction.LIKE).close();
    interests.apply(second, snapshot, 2, LikeAction.LIKE).close();
    try (ViewerInterest one = interests.read(first, snapshot);
        ViewerInterest two = interests.read(second, snapshot)) {
      long oneQuery;
      try (QueryCache.Lease probe = new QueryCache(0).lease(first, one)) {
        oneQuery = probe.query().memoryBytes();
      }
      QueryCache cache = new QueryCache(oneQuery); // room for one viewer's query
      try (QueryCache.Lease inUse = cache.lease(first, one)) {
        try (QueryCache.Lease other = cache.lease(second, two)) {
          assertEquals(new QueryCache.Stats(1, oneQuery), cache.stats());
          assertFeedIsPlaintext(second, two, other, Set.of(2));
        }
        // pushed out, but still this feed's: it must not have been closed under it
        assertFeedIsPlaintext(first, one, inUse, Set.of(1));
        try (QueryCache.Lease rebuilt = cache.lease(first, one)) {
          assertNotSame(inUse.query(), rebuilt.query(), "pushed out, so built again");
        }
      }
    }
  }

  @Test
  void withoutRoomEveryFeedBuildsItsOwnQueryAndClosesIt() {
    QueryCache none = new QueryCache(0);
    Vault vault = newViewer();
    try (ViewerInterest interest = interests.read(vault, snapshot)) {
      QueryCache.Lease a = none.lease(vault, interest);
      QueryCache.Lease b = none.lease(vault, interest);
      assertNotSame(a.query(), b.query(), "a remote evaluator gets a fresh query per feed");
      a.close();
      b.close();
      assertThrows(IllegalStateException.class, () -> a.query().serialize(), "closed after use");
      assertEquals(new QueryCache.Stats(0, 0), none.stats());
    }
  }

  @Test
  void aLoggedOutViewersQueryIsDroppedAtTheNextKeep() {
    QueryCache cache = new QueryCache(256L << 20);
    Vault leaving = newViewer();
    Vault staying = newViewer();
    try (ViewerInterest interest = interests.read(leaving, snapshot)) {
      cache.lease(leaving, interest).close();
    }
    leaving.close();
    try (ViewerInterest interest = interests.read(staying, snapshot)) {
      cache.lease(staying, interest).close();
    }
    assertEquals(1, cache.stats().queries());
  }

  private static void assertFeedIsPlaintext(
      Vault vault, ViewerInterest interest, QueryCache.Lease query, Set<Integer> liked) {
    List<HeReply> replies = new ArrayList<>();
    try {
      parts
          .evaluator()
          .score(snapshot, query.query(), (firstRow, rows, reply) -> replies.add(reply));
      int[] excluded = liked.stream().mapToInt(Integer::intValue).toArray();
      int[] rows =
          vault.topK(query.query(), replies, K, excluded).stream()
              .mapToInt(ScoredRow::row)
              .toArray();
      assertEquals(liked, interest.likedIndices());
      assertArrayEquals(PlaintextScorer.feed(snapshot, liked, K), rows);
    } finally {
      replies.forEach(HeReply::close);
    }
  }

  private static Vault newViewer() {
    String name = "cache" + (++viewers);
    Vault vault =
        parts.locker().unlock("s-" + name, TestAccounts.insert(parts.database(), name), PASSWORD);
    interests.ensureCreated(vault, snapshot);
    return vault;
  }
}
