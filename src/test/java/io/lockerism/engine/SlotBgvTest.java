package io.lockerism.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockerism.model.FeatureLayout;
import io.lockerism.model.PlaintextScorer;
import io.lockerism.model.ScoreBounds;
import io.lockerism.model.Snapshot;
import io.lockerism.testing.RandomSnapshots;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The slot-packed engine through JNA, against the plaintext model (issue 12 stage 2). */
class SlotBgvTest {

  private static final NativeEngine ENGINE = NativeEngine.load();
  private static final LattigoBgv BGV = new LattigoBgv(ENGINE);
  private static final SlotBgv SLOTS = new SlotBgv(ENGINE);

  @ParameterizedTest
  @CsvSource({
    "1, 64, 4, 0",
    "1000, 64, 4, 0",
    "1237, 128, 9, 1",
    "20000, 64, 4, 0",
    "20000, 64, 4, 2"
  })
  void theTopKEqualsThePlaintextFeed(int n, int d, int w, int groups) {
    Snapshot s = RandomSnapshots.random(n * 31L + d, n, d, w);
    Set<Integer> liked = new HashSet<>();
    Random rng = new Random(n);
    while (liked.size() < Math.min(n - 1, 40)) {
      liked.add(rng.nextInt(n));
    }
    int k = 20;
    List<SlotBgv.Ranked> feed = encryptedFeed(s, liked, k, groups);
    int[] want = PlaintextScorer.feed(s, liked, k);
    long[] scores = PlaintextScorer.scores(s, liked);
    assertArrayEquals(want, feed.stream().mapToInt(SlotBgv.Ranked::row).toArray());
    for (SlotBgv.Ranked r : feed) {
      assertEquals(scores[r.row()], r.score(), "row " + r.row());
    }
  }

  @Test
  void exactAtTheValueBounds() {
    int d = FeatureLayout.MAX_D;
    Snapshot s = RandomSnapshots.saturated(ScoreBounds.MAX_LIKES + 60, d, ScoreBounds.MAX_WEIGHT);
    Set<Integer> liked = new HashSet<>();
    for (int i = 0; i < ScoreBounds.MAX_LIKES; i++) {
      liked.add(i);
    }
    List<SlotBgv.Ranked> feed = encryptedFeed(s, liked, 50, 0);
    assertEquals(50, feed.size());
    for (int i = 0; i < feed.size(); i++) {
      assertEquals(ScoreBounds.MAX_LIKES + i, feed.get(i).row(), "ties go to the lower row");
      assertEquals(ScoreBounds.maxScore(s), feed.get(i).score());
    }
  }

  @Test
  void malformedFramesAreRefusedNotCrashed() {
    Snapshot s = RandomSnapshots.random(5, 300, 64, 4);
    try (HeKeyPair keys = BGV.generateKeys();
        SlotBgv.Model model = SLOTS.compile(s, 0);
        HeCiphertext u = BGV.encrypt(keys.publicKey(), new long[64]);
        SlotBgv.Query q = SLOTS.query(keys.secretKey(), u, 64, model.groups());
        SlotBgv.Reply r = model.score(q, 0, 1)) {
      byte[] reply = r.serialize();
      byte[] query = q.serialize();
      assertThrows(
          NativeEngineException.class,
          () -> SLOTS.readReply(Arrays.copyOf(reply, reply.length - 1)));
      assertThrows(NativeEngineException.class, () -> SLOTS.readQuery(reply));
      assertThrows(NativeEngineException.class, () -> SLOTS.readReply(query));
      assertThrows(NativeEngineException.class, () -> model.score(q, 1, 1));
      assertThrows(NativeEngineException.class, () -> SLOTS.query(keys.secretKey(), u, 64, 3));
    }
  }

  /** Enc(u) as stored today, the seeded query, replies in two ranges through their frames. */
  private static List<SlotBgv.Ranked> encryptedFeed(
      Snapshot s, Set<Integer> liked, int k, int groups) {
    int[] u = PlaintextScorer.interest(s, liked);
    long[] values = Arrays.stream(u).asLongStream().toArray();
    List<SlotBgv.Reply> replies = new ArrayList<>();
    try (HeKeyPair keys = BGV.generateKeys();
        SlotBgv.Model model = SLOTS.compile(s, groups);
        HeCiphertext interest = BGV.encrypt(keys.publicKey(), values);
        SlotBgv.Query local = SLOTS.query(keys.secretKey(), interest, s.d(), model.groups());
        SlotBgv.Query remote = SLOTS.readQuery(local.serialize())) {
      if (groups != 0) {
        assertEquals(groups, model.groups());
      }
      int split = Math.max(1, model.blocks() / 2);
      int[][] ranges = {{0, split}, {split, model.blocks() - split}};
      for (int[] range : ranges) {
        if (range[1] == 0) {
          continue;
        }
        try (SlotBgv.Reply r = model.score(remote, range[0], range[1])) {
          byte[] wire = r.serialize();
          assertTrue(
              wire.length <= 32L * range[1] * model.rowsPerBlock() + 256,
              "≤ 32 B per score: " + wire.length);
          replies.add(SLOTS.readReply(wire));
        }
      }
      int[] excluded = liked.stream().mapToInt(Integer::intValue).toArray();
      return SLOTS.topK(keys.secretKey(), local, replies, k, excluded);
    } finally {
      replies.forEach(SlotBgv.Reply::close);
    }
  }
}
