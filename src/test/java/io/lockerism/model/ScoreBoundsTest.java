package io.lockerism.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ScoreBoundsTest {

  @Test
  void boundIsTheFormula() {
    assertEquals(15L * 15 * 64 * 100 + 4 * 15, ScoreBounds.maxScore(64, 15, 100, 4, 15));
    assertEquals(1_440_060L, ScoreBounds.maxScore(64, 4));
    assertEquals(2_880_060L, ScoreBounds.maxScore(128, 4));
  }

  /** The bound is tight: a snapshot of all-15 rows and priors reaches it with MAX_LIKES likes. */
  @Test
  void saturatedSnapshotReachesTheBoundExactly() {
    for (int d : new int[] {16, 64, 128}) {
      Snapshot saturated = saturatedSnapshot(d, ScoreBounds.MAX_LIKES + 1, 4);
      Set<Integer> liked = new HashSet<>();
      IntStream.range(0, ScoreBounds.MAX_LIKES).forEach(liked::add);

      long[] scores = PlaintextScorer.scores(saturated, liked);

      assertEquals(ScoreBounds.maxScore(saturated), scores[ScoreBounds.MAX_LIKES], "d = " + d);
    }
  }

  @Test
  void negativeInputsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> ScoreBounds.maxScore(-1, 15, 100, 4, 15));
    assertThrows(IllegalArgumentException.class, () -> ScoreBounds.maxScore(64, 15, 100, -4, 15));
  }

  private static Snapshot saturatedSnapshot(int d, int n, int weight) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(String.format("p%05d", i));
    }
    byte[] matrix = new byte[n * d];
    Arrays.fill(matrix, (byte) ScoreBounds.MAX_FEATURE);
    byte[] prior = new byte[n];
    Arrays.fill(prior, (byte) ScoreBounds.MAX_PRIOR);
    List<String> labels = IntStream.range(0, d).mapToObj(j -> "column " + j).toList();
    return Snapshot.of(FeatureLayout.forDimension(d), weight, ids, matrix, prior, labels);
  }
}
