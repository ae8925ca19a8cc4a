package io.lockerism.evaluator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lockerism.engine.HeCiphertext;
import io.lockerism.engine.HeKeyPair;
import io.lockerism.engine.HeQuery;
import io.lockerism.engine.LattigoBgv;
import io.lockerism.engine.NativeEngine;
import io.lockerism.model.PlaintextScorer;
import io.lockerism.model.Snapshot;
import io.lockerism.testing.RandomSnapshots;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Scoring in ranges of blocks: same scores, row order kept, nothing leaked when the sink fails. */
class LocalEvaluatorTest {

  private static final NativeEngine ENGINE = NativeEngine.load();
  private static final LattigoBgv BGV = new LattigoBgv(ENGINE);

  @Test
  void repliesCoverEveryRowInOrderAndEqualPlaintext() {
    // G = 1 from ~40,000 rows: 4096 rows per block, more blocks than one range holds
    int n = (LocalEvaluator.RANGE_BLOCKS + 3) * 4096 - 5;
    Snapshot s = RandomSnapshots.random(42, n, 64, 4);
    Set<Integer> liked = Set.of(1, 500, n - 1);
    long[] expected = PlaintextScorer.scores(s, liked);
    long[] u = Arrays.stream(PlaintextScorer.interest(s, liked)).asLongStream().toArray();
    try (HeKeyPair keys = BGV.generateKeys();
        HeCiphertext interest = BGV.encrypt(keys.publicKey(), u);
        HeQuery query = BGV.query(keys.secretKey(), interest, 64, BGV.groups(n, 64));
        LocalEvaluator local = new LocalEvaluator(BGV)) {
      long[] scores = new long[n];
      int[] next = {0};
      int[] replies = {0};
      local.score(
          s,
          query,
          (first, rows, reply) -> {
            try (reply) {
              assertEquals(next[0], first, "in row order");
              long[] part = BGV.decryptReply(keys.secretKey(), query, reply, first, rows);
              System.arraycopy(part, 0, scores, first, rows);
              next[0] += rows;
              replies[0]++;
            }
          });
      assertEquals(n, next[0]);
      assertEquals(2, replies[0], "one reply per range of blocks");
      assertArrayEquals(expected, scores);
    }
  }

  @Test
  void aFailingSinkStopsScoringAndReleasesTheReply() {
    Snapshot s = RandomSnapshots.random(43, (LocalEvaluator.RANGE_BLOCKS * 3) * 4096, 64, 4);
    try (HeKeyPair keys = BGV.generateKeys();
        HeCiphertext interest = BGV.encrypt(keys.publicKey(), new long[64]);
        HeQuery query = BGV.query(keys.secretKey(), interest, 64, BGV.groups(s.size(), s.d()));
        LocalEvaluator local = new LocalEvaluator(BGV)) {
      local.score(s, query, (first, rows, reply) -> reply.close()); // compile first
      long before = ENGINE.liveHandles();
      int[] seen = {0};
      assertThrows(
          IllegalStateException.class,
          () ->
              local.score(
                  s,
                  query,
                  (first, rows, reply) -> {
                    if (++seen[0] == 2) {
                      throw new IllegalStateException("sink failed");
                    }
                    reply.close();
                  }));
      assertEquals(2, seen[0], "no reply after the failure");
      assertEquals(before, ENGINE.liveHandles(), "every reply was released");
    }
  }
}
