package io.lockerism.interest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockerism.app.Components;
import io.lockerism.config.AppConfig;
import io.lockerism.locker.Vault;
import io.lockerism.model.LikeAction;
import io.lockerism.model.PlaintextScorer;
import io.lockerism.model.ProgressListener;
import io.lockerism.model.Snapshot;
import io.lockerism.store.Database;
import io.lockerism.testing.TestAccounts;
import io.lockerism.testing.TestApp;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The interest store on a real H2 database and the real BGV engine. */
class InterestStoreTest {

  private static final char[] PASSWORD = "an interest store password".toCharArray();
  private static Components parts;
  private static InterestStore interests;
  private static Snapshot snapshot;

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
  void aLikeAndAnUnlikeChangeEncUExactlyAndSayWhatTheyDid() {
    Vault vault = newViewer("likes", "s1");
    try (InterestUpdate like = interests.apply(vault, snapshot, 3, LikeAction.LIKE)) {
      assertEquals(InterestUpdate.Outcome.CHANGED, like.outcome());
      assertEquals(Set.of(3), like.interest().likedIndices());
      assertArrayEquals(
          PlaintextScorer.interest(snapshot, Set.of(3)),
          vault.decryptInterest(like.interest().interest(), snapshot.d()),
          "the update hands back the new Enc(u), ready to rank from");
    }
    try (InterestUpdate again = interests.apply(vault, snapshot, 3, LikeAction.LIKE)) {
      assertEquals(InterestUpdate.Outcome.UNCHANGED, again.outcome());
    }
    try (InterestUpdate unlike = interests.apply(vault, snapshot, 3, LikeAction.UNLIKE)) {
      assertEquals(InterestUpdate.Outcome.CHANGED, unlike.outcome());
      assertArrayEquals(
          new int[snapshot.d()], vault.decryptInterest(unlike.interest().interest(), snapshot.d()));
    }
    try (ViewerInterest read = interests.read(vault, snapshot)) {
      assertEquals(List.of(), read.likedAccountIds());
    }
  }

  @Test
  void readsNeitherTakeNorWaitForTheRowLockAnUpdateHolds() throws Exception {
    Vault vault = newViewer("reader", "s2");
    interests.apply(vault, snapshot, 8, LikeAction.LIKE).close();
    Database db = parts.database();
    CountDownLatch locked = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService other = Executors.newSingleThreadExecutor();
    try {
      Future<?> writer =
          other.submit(
              () ->
                  db.inTransaction(
                      c -> {
                        try (PreparedStatement ps =
                            c.prepareStatement(
                                "SELECT interest FROM viewer_interests WHERE account_id = ? FOR UPDATE")) {
                          ps.setLong(1, vault.accountId());
                          ps.executeQuery().close();
                        }
                        locked.countDown();
                        try {
                          release.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                          Thread.currentThread().interrupt();
                        }
                        return null;
                      }));
      assertTrue(locked.await(30, TimeUnit.SECONDS));
      // H2 gives up waiting for a row lock after one second: a read that waited would fail.
      long start = System.nanoTime();
      try (ViewerInterest read = interests.read(vault, snapshot)) {
        assertEquals(List.of(snapshot.accountId(8)), read.likedAccountIds());
      }
      assertTrue(
          System.nanoTime() - start < TimeUnit.SECONDS.toNanos(1),
          "the read did not wait for the lock");
      release.countDown();
      writer.get(30, TimeUnit.SECONDS);
    } finally {
      release.countDown();
      other.shutdownNow();
    }
  }

  @Test
  void aNewSnapshotRebuildsTheInterestOnceAndDropsGoneProfiles() {
    Components own = Components.of(AppConfig.forDataDir(TestApp.tempDir()));
    try (own) {
      own.catalog().importSampleIfEmpty();
      Snapshot before = own.snapshots().current();
      Vault vault =
          own.locker().unlock("s3", TestAccounts.insert(own.database(), "rebased"), PASSWORD);
      InterestStore store = own.interests();
      store.ensureCreated(vault, before);
      store.apply(vault, before, 10, LikeAction.LIKE).close();
      store.apply(vault, before, 20, LikeAction.LIKE).close();
      String gone = before.accountId(20);
      own.database()
          .withConnection(
              c -> {
                try (PreparedStatement ps =
                    c.prepareStatement("DELETE FROM profiles WHERE account_id = ?")) {
                  ps.setString(1, gone);
                  return ps.executeUpdate();
                }
              });
      Snapshot after = own.snapshots().buildNow(ProgressListener.NONE);
      try (ViewerInterest rebuilt = store.read(vault, after)) {
        assertEquals(List.of(before.accountId(10)), rebuilt.likedAccountIds());
        int kept = after.indexOf(before.accountId(10));
        assertEquals(Set.of(kept), rebuilt.likedIndices());
        assertArrayEquals(
            PlaintextScorer.interest(after, Set.of(kept)),
            vault.decryptInterest(rebuilt.interest(), after.d()));
      }
      byte[] stored = sealedLikes(own.database(), vault.accountId());
      try (ViewerInterest again = store.read(vault, after)) {
        assertFalse(again.likedAccountIds().contains(gone));
      }
      assertArrayEquals(
          stored,
          sealedLikes(own.database(), vault.accountId()),
          "rebuilt once and stored: the second read changed nothing");
    }
  }

  private static Vault newViewer(String name, String sessionId) {
    Vault vault =
        parts.locker().unlock(sessionId, TestAccounts.insert(parts.database(), name), PASSWORD);
    interests.ensureCreated(vault, snapshot);
    interests.ensureCreated(vault, snapshot); // idempotent
    return vault;
  }

  private static byte[] sealedLikes(Database db, long accountId) {
    return db.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT sealed_likes FROM viewer_interests WHERE account_id = ?")) {
            ps.setLong(1, accountId);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getBytes(1);
            }
          }
        });
  }
}
