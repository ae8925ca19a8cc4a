package io.lockerism.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PlaintextScorerTest {

  private final Snapshot catalog = SnapshotBuilder.build(TestCatalog.synthetic(400, 11));
  private final Snapshot topical = SnapshotBuilder.build(TestCatalog.topical());

  @Test
  void interestIsTheSumOfLikedRows() {
    Set<Integer> liked = Set.of(3, 17, 250);
    int[] u = PlaintextScorer.interest(catalog, liked);

    for (int j = 0; j < catalog.d(); j++) {
      int expected = catalog.feature(3, j) + catalog.feature(17, j) + catalog.feature(250, j);
      assertEquals(expected, u[j], "column " + j);
    }
  }

  @Test
  void scoresAreRowDotInterestPlusWeightedPrior() {
    int[] u = PlaintextScorer.interest(catalog, Set.of(1, 2, 3));
    long[] scores = PlaintextScorer.scores(catalog, u);

    for (int i = 0; i < catalog.size(); i++) {
      long expected = (long) catalog.weight() * catalog.prior(i);
      for (int j = 0; j < catalog.d(); j++) {
        expected += (long) catalog.feature(i, j) * u[j];
      }
      assertEquals(expected, scores[i], "profile " + i);
    }
  }

  @Test
  void coldStartIsThePopularityFeed() {
    int[] feed = PlaintextScorer.feed(catalog, Set.of(), 25);
    int[] byPrior =
        IntStream.range(0, catalog.size())
            .boxed()
            .sorted(
                (a, b) ->
                    catalog.prior(a) != catalog.prior(b)
                        ? Integer.compare(catalog.prior(b), catalog.prior(a))
                        : Integer.compare(a, b))
            .limit(25)
            .mapToInt(Integer::intValue)
            .toArray();

    assertArrayEquals(byPrior, feed);
    assertEquals(0, Arrays.stream(PlaintextScorer.interest(catalog, Set.of())).sum());
  }

  @Test
  void likingAFitnessProfileRanksTheOtherFitnessProfileFirst() {
    int anna = topical.indexOf("fit_anna");
    int[] feed = PlaintextScorer.feed(topical, Set.of(anna), 3);

    assertEquals(topical.indexOf("fit_ben"), feed[0]);
  }

  @Test
  void likingACookingProfileRanksTheOtherCookingProfileFirst() {
    int carla = topical.indexOf("chef_carla");
    int[] feed = PlaintextScorer.feed(topical, Set.of(carla), 3);

    assertEquals(topical.indexOf("chef_dan"), feed[0]);
  }

  @Test
  void likedProfilesNeverAppearInTheFeed() {
    Set<Integer> liked = new HashSet<>(List.of(0, 5, 9, 44, 399));
    int[] feed = PlaintextScorer.feed(catalog, liked, catalog.size());

    assertEquals(catalog.size() - liked.size(), feed.length);
    assertFalse(Arrays.stream(feed).anyMatch(liked::contains));
  }

  @Test
  void likeSetsAreLimitedToMaxLikes() {
    Set<Integer> atLimit = new HashSet<>();
    IntStream.range(0, ScoreBounds.MAX_LIKES).forEach(atLimit::add);
    PlaintextScorer.interest(catalog, atLimit);

    Set<Integer> overLimit = new HashSet<>(atLimit);
    overLimit.add(ScoreBounds.MAX_LIKES);
    assertThrows(
        IllegalArgumentException.class, () -> PlaintextScorer.interest(catalog, overLimit));
  }

  @Test
  void likesOutsideTheSnapshotAreRejected() {
    assertThrows(
        IndexOutOfBoundsException.class,
        () -> PlaintextScorer.interest(catalog, Set.of(catalog.size())));
    assertThrows(
        IndexOutOfBoundsException.class, () -> PlaintextScorer.interest(catalog, Set.of(-1)));
  }

  @Test
  void scoresNeverExceedTheBound() {
    Set<Integer> liked = new HashSet<>();
    IntStream.range(0, ScoreBounds.MAX_LIKES).forEach(liked::add);
    long max = Arrays.stream(PlaintextScorer.scores(catalog, liked)).max().orElseThrow();

    assertTrue(max <= ScoreBounds.maxScore(catalog), max + " > bound");
  }
}
