package io.lockerism.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DocumentFrequenciesTest {

  @Test
  void countsDocumentsPerTermAndNeverUnderestimates() {
    DocumentFrequencies df = new DocumentFrequencies();
    int vocabulary = 200_000;
    for (int t = 0; t < vocabulary; t++) {
      long hash = Fnv1a64.termHash("term" + t);
      for (int copies = 0; copies < t % 5; copies++) {
        df.add(hash);
      }
    }

    int exact = 0;
    for (int t = 0; t < vocabulary; t++) {
      int estimate = df.get(Fnv1a64.termHash("term" + t));
      assertTrue(estimate >= t % 5, "count-min never underestimates");
      exact += estimate == t % 5 ? 1 : 0;
    }
    // two tables of 2^21: a term is only overestimated if it collides in both
    assertTrue(exact > 0.99 * vocabulary, exact + " of " + vocabulary + " exact");
    assertEquals(0, df.get(Fnv1a64.termHash("never added")));
  }
}
