package io.lockerism.evaluator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lockerism.engine.HeCiphertext;
import io.lockerism.engine.HeKeyPair;
import io.lockerism.engine.LattigoBgv;
import io.lockerism.engine.NativeEngine;
import io.lockerism.model.PlaintextScorer;
import io.lockerism.model.Snapshot;
import io.lockerism.testing.RandomSnapshots;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Parallel block scoring: same scores, block order kept, nothing leaked when the sink fails. */
class LocalEvaluatorTest {

  private static final NativeEngine ENGINE = NativeEngine.load();
  private static final LattigoBgv BGV = new LattigoBgv(ENGINE);

  @Test
  void parallelScoringKeepsBlockOrderAndEqualsPlaintext() {
    int blocks = LocalEvaluator.PARALLEL_MIN_BLOCKS + 37;
    int n = blocks * 64 - 5;
    Snapshot s = RandomSnapshots.random(42, n, 64, 4);
    Set<Integer> liked = Set.of(1, 500, n - 1);
    long[] expected = PlaintextScorer.scores(s, liked);
    long[] u = Arrays.stream(PlaintextScorer.interest(s, liked)).asLongStream().toArray();
    try (HeKeyPair keys = BGV.generateKeys();
        HeCiphertext interest = BGV.encrypt(keys.publicKey(), u)) {
      for (int workers : new int[] {1, 2, 4}) {
        long[] scores = new long[n];
        int[] next = {0};
        try (LocalEvaluator local = new LocalEvaluator(BGV, workers)) {
          local.score(
              s,
              interest,
              (first, rows, block) -> {
                assertEquals(next[0], first, "in block order");
                System.arraycopy(
                    BGV.decryptScores(keys.secretKey(), block, 64, rows), 0, scores, first, rows);
                next[0] += rows;
              });
        }
        assertEquals(n, next[0]);
        assertArrayEquals(expected, scores, workers + " workers");
      }
    }
  }

  @Test
  void aFailingSinkStopsScoringAndReleasesInFlightBlocks() {
    Snapshot s = RandomSnapshots.random(43, LocalEvaluator.PARALLEL_MIN_BLOCKS * 64 * 2, 64, 4);
    try (HeKeyPair keys = BGV.generateKeys();
        HeCiphertext interest = BGV.encrypt(keys.publicKey(), new long[64]);
        LocalEvaluator local = new LocalEvaluator(BGV, 2)) {
      local.score(s, interest, (first, rows, block) -> {}); // compile first
      long before = ENGINE.liveHandles();
      int[] seen = {0};
      assertThrows(
          IllegalStateException.class,
          () ->
              local.score(
                  s,
                  interest,
                  (first, rows, block) -> {
                    if (++seen[0] == 10) {
                      throw new IllegalStateException("sink failed");
                    }
                  }));
      assertEquals(10, seen[0]);
      assertEquals(before, ENGINE.liveHandles(), "every scored block was released");
    }
  }
}
