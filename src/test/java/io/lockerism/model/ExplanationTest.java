package io.lockerism.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExplanationTest {

  private final Snapshot snapshot = SnapshotBuilder.build(TestCatalog.topical());

  @Test
  void contributionsSumToTheInterestScore() {
    int[] u = PlaintextScorer.interest(snapshot, Set.of(snapshot.indexOf("fit_anna")));
    long[] scores = PlaintextScorer.scores(snapshot, u);
    for (int i = 0; i < snapshot.size(); i++) {
      Explanation all = Explanation.of(snapshot, u, i, snapshot.d());

      long sum = all.top().stream().mapToLong(Explanation.Contribution::contribution).sum();
      assertEquals(all.interestScore(), sum, "profile " + i);
      assertEquals(scores[i], all.score(), "profile " + i);
      assertEquals((long) snapshot.weight() * snapshot.prior(i), all.popularityScore());
    }
  }

  @Test
  void topContributionsComeLargestFirstWithLabels() {
    int ben = snapshot.indexOf("fit_ben");
    int[] u = PlaintextScorer.interest(snapshot, Set.of(snapshot.indexOf("fit_anna")));
    Explanation why = Explanation.of(snapshot, u, ben, 3);
    List<Explanation.Contribution> top = why.top();

    assertEquals(3, top.size());
    for (int k = 0; k < top.size(); k++) {
      Explanation.Contribution c = top.get(k);
      assertEquals((long) snapshot.feature(ben, c.column()) * u[c.column()], c.contribution());
      assertEquals(snapshot.label(c.column()), c.label());
      assertTrue(k == 0 || top.get(k - 1).contribution() >= c.contribution());
    }
    assertTrue(
        top.stream()
            .anyMatch(c -> c.label().contains("#gym") || c.label().equals("niche: fitness")),
        "a fitness column explains a fitness match: " + top);
  }

  @Test
  void coldStartHasOnlyPopularity() {
    int[] u = PlaintextScorer.interest(snapshot, Set.of());
    Explanation why = Explanation.of(snapshot, u, snapshot.indexOf("star_gina"), 5);

    assertEquals(List.of(), why.top());
    assertEquals(0, why.interestScore());
    assertTrue(why.popularityScore() > 0);
  }

  @Test
  void theLikesThatDrewAPickAreNamedLargestShareFirst() {
    int anna = snapshot.indexOf("fit_anna");
    int gina = snapshot.indexOf("star_gina");
    int ben = snapshot.indexOf("fit_ben");
    Set<Integer> liked = Set.of(anna, gina);
    int[] u = PlaintextScorer.interest(snapshot, liked);

    Explanation why = Explanation.of(snapshot, u, ben, 3, liked, 3);

    assertTrue(why.interestScore() > 0);
    assertEquals("fit_anna", why.because().get(0).accountId(), "the fitness like comes first");
    for (int k = 1; k < why.because().size(); k++) {
      assertTrue(why.because().get(k - 1).contribution() >= why.because().get(k).contribution());
    }
    assertEquals(
        why.interestScore(),
        why.because().stream().mapToLong(Explanation.Because::contribution).sum(),
        "every positive share is named when at most three likes add to the score");
  }

  @Test
  void noLikeIsNamedWhenTheLikesDoNotAddUpToTheInterest() {
    int anna = snapshot.indexOf("fit_anna");
    int[] u = PlaintextScorer.interest(snapshot, Set.of(anna));

    Explanation why = Explanation.of(snapshot, u, snapshot.indexOf("fit_ben"), 3, Set.of(), 3);

    assertTrue(why.interestScore() > 0);
    assertEquals(List.of(), why.because());
  }
}
