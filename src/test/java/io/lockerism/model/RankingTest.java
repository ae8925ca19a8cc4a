package io.lockerism.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RankingTest {

  @Test
  void higherScoresComeFirst() {
    long[] scores = {5, 9, 1, 7};
    assertArrayEquals(new int[] {1, 3, 0}, Ranking.top(scores, Set.of(), 3));
  }

  @Test
  void equalScoresGoToTheLowerIndex() {
    long[] scores = {4, 8, 4, 8, 4};
    assertArrayEquals(new int[] {1, 3, 0, 2}, Ranking.top(scores, Set.of(), 4));
    assertArrayEquals(new int[] {1}, Ranking.top(scores, Set.of(), 1));
  }

  @Test
  void excludedIndicesAreSkipped() {
    long[] scores = {4, 8, 4, 8, 4};
    assertArrayEquals(new int[] {3, 2, 4}, Ranking.top(scores, Set.of(0, 1), 3));
  }

  @Test
  void returnsAllRemainingWhenFewerThanK() {
    long[] scores = {2, 3, 1};
    assertArrayEquals(new int[] {1, 2}, Ranking.top(scores, Set.of(0), 10));
    assertArrayEquals(new int[] {}, Ranking.top(new long[0], Set.of(), 10));
    assertArrayEquals(new int[] {}, Ranking.top(scores, Set.of(0, 1, 2), 10));
  }

  @Test
  void zeroKGivesAnEmptyFeed() {
    assertArrayEquals(new int[] {}, Ranking.top(new long[] {1, 2}, Set.of(), 0));
  }

  @Test
  void agreesWithAFullSortOnRandomScores() {
    Random random = new Random(5);
    for (int round = 0; round < 200; round++) {
      long[] scores = random.longs(1 + random.nextInt(300), 0, 20).toArray();
      Set<Integer> excluded = new HashSet<>();
      random.ints(random.nextInt(30), 0, scores.length).forEach(excluded::add);
      int k = random.nextInt(scores.length + 5);

      int[] expected = rankByFullSort(scores, excluded);
      int[] expectedTopK = java.util.Arrays.copyOf(expected, Math.min(k, expected.length));
      assertArrayEquals(expectedTopK, Ranking.top(scores, excluded, k), "round " + round);
    }
  }

  @Test
  void rankingBlockByBlockEqualsRankingAllAtOnce() {
    Random random = new Random(11);
    for (int round = 0; round < 100; round++) {
      long[] scores = random.longs(1 + random.nextInt(500), 0, 30).toArray();
      Set<Integer> excluded = new HashSet<>();
      random.ints(random.nextInt(20), 0, scores.length).forEach(excluded::add);
      int k = 1 + random.nextInt(40);
      Ranking blocks = new Ranking(k, excluded);
      for (int first = 0; first < scores.length; first += 37) {
        blocks.offer(
            first,
            java.util.Arrays.copyOfRange(scores, first, Math.min(scores.length, first + 37)));
      }
      int[] streamed = blocks.ranked().stream().mapToInt(Ranking.Ranked::index).toArray();
      assertArrayEquals(Ranking.top(scores, excluded, k), streamed, "round " + round);
      blocks
          .ranked()
          .forEach(
              r -> org.junit.jupiter.api.Assertions.assertEquals(scores[r.index()], r.score()));
    }
  }

  @Test
  void invalidArgumentsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> Ranking.top(new long[] {1}, Set.of(), -1));
    assertThrows(IndexOutOfBoundsException.class, () -> Ranking.top(new long[] {1}, Set.of(1), 1));
    assertThrows(IllegalArgumentException.class, () -> new Ranking(-1, Set.of()));
  }

  private static int[] rankByFullSort(long[] scores, Set<Integer> excluded) {
    return IntStream.range(0, scores.length)
        .filter(i -> !excluded.contains(i))
        .boxed()
        .sorted(
            (a, b) ->
                scores[a] != scores[b] ? Long.compare(scores[b], scores[a]) : Integer.compare(a, b))
        .mapToInt(Integer::intValue)
        .toArray();
  }
}
