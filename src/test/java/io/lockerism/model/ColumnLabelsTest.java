package io.lockerism.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ColumnLabelsTest {

  private record Candidate(int column, String term, int df) {}

  @Test
  void keepsTheHighestDocumentFrequenciesTiesByText() {
    ColumnLabels labels = new ColumnLabels(2);
    labels.offer(0, "rare", 1);
    labels.offer(0, "#fitness", 90);
    labels.offer(0, "gym", 40);
    labels.offer(0, "abs", 40);
    labels.offer(0, "gym", 40); // repeated offers do not duplicate
    labels.offer(1, "pasta", 3);

    assertEquals(List.of("#fitness", "abs", "gym"), labels.terms(0));
    assertEquals(List.of("pasta"), labels.terms(1));
  }

  @Test
  void resultDoesNotDependOnOrderOrChunking() {
    Random random = new Random(9);
    List<Candidate> candidates = new ArrayList<>();
    for (int k = 0; k < 2_000; k++) {
      candidates.add(new Candidate(random.nextInt(4), "t" + random.nextInt(300), 0));
    }
    // a term's df is a property of the term, as in the extractor
    candidates.replaceAll(c -> new Candidate(c.column(), c.term(), c.term().hashCode() % 50));

    List<List<String>> expected = labelsOf(candidates, 1);
    for (int round = 0; round < 20; round++) {
      Collections.shuffle(candidates, random);
      assertEquals(expected, labelsOf(candidates, 1 + random.nextInt(40)));
    }
  }

  /** Offers the candidates in chunks of their own ColumnLabels and merges them. */
  private static List<List<String>> labelsOf(List<Candidate> candidates, int chunks) {
    List<ColumnLabels> parts = new ArrayList<>();
    for (int p = 0; p < chunks; p++) {
      parts.add(new ColumnLabels(4));
    }
    for (int k = 0; k < candidates.size(); k++) {
      Candidate c = candidates.get(k);
      parts.get(k % chunks).offer(c.column(), c.term(), c.df());
    }
    ColumnLabels merged = parts.stream().reduce(ColumnLabels::merge).orElseThrow();
    List<List<String>> result = new ArrayList<>();
    for (int column = 0; column < 4; column++) {
      result.add(merged.terms(column));
    }
    return result;
  }
}
