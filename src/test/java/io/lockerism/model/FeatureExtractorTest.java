package io.lockerism.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockerism.catalog.Profile;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FeatureExtractorTest {

  @ParameterizedTest
  @ValueSource(ints = {64, 128})
  void profilesOnTheSameTopicShareMoreFeatures(int d) {
    Snapshot snapshot = SnapshotBuilder.build(TestCatalog.topical(), d, 4, ProgressListener.NONE);
    int anna = snapshot.indexOf("fit_anna");
    int ben = snapshot.indexOf("fit_ben");
    int carla = snapshot.indexOf("chef_carla");
    int dan = snapshot.indexOf("chef_dan");
    int eve = snapshot.indexOf("gamer_eve");

    assertTrue(dot(snapshot, anna, ben) > dot(snapshot, anna, carla));
    assertTrue(dot(snapshot, anna, ben) > dot(snapshot, anna, eve));
    assertTrue(dot(snapshot, carla, dan) > dot(snapshot, carla, ben));
    assertTrue(dot(snapshot, carla, dan) > dot(snapshot, carla, eve));
  }

  @Test
  void nicheColumnsCatchHashtagFamilies() {
    Snapshot snapshot = SnapshotBuilder.build(TestCatalog.topical());
    FeatureLayout layout = snapshot.layout();
    int fitness = layout.firstNicheColumn(); // fitness is the first family
    int food = layout.firstNicheColumn() + 1;

    assertEquals("niche: fitness", snapshot.label(fitness));
    assertTrue(snapshot.feature(snapshot.indexOf("fit_ben"), fitness) >= 12);
    assertEquals(0, snapshot.feature(snapshot.indexOf("fit_ben"), food));
    assertTrue(snapshot.feature(snapshot.indexOf("chef_dan"), food) >= 12);
    assertEquals(0, snapshot.feature(snapshot.indexOf("chef_dan"), fitness));
  }

  @Test
  void hashedColumnsAreLabelledWithTheirFrequentTerms() {
    Snapshot snapshot = SnapshotBuilder.build(TestCatalog.topical());
    int gymColumn = termColumn(snapshot, "#gym");

    assertTrue(snapshot.label(gymColumn).startsWith("terms: "), snapshot.label(gymColumn));
    assertTrue(snapshot.label(gymColumn).contains("#gym"), snapshot.label(gymColumn));
    assertEquals("followers bucket", snapshot.label(snapshot.layout().followersColumn()));
    assertEquals("engagement bucket", snapshot.label(snapshot.layout().engagementColumn()));
    assertEquals("verified", snapshot.label(snapshot.layout().verifiedColumn()));
  }

  @Test
  void hashtagsOutweighPlainWords() {
    // "#gym" counts three times, "pasta" once; both terms appear in one profile each.
    List<Profile> catalog =
        List.of(
            TestCatalog.profile("a", "pasta #gym", 10), TestCatalog.profile("b", "nothing", 10));
    Snapshot snapshot = SnapshotBuilder.build(catalog);
    int gymColumn = termColumn(snapshot, "#gym");
    int pastaColumn = termColumn(snapshot, "pasta");

    assertTrue(gymColumn != pastaColumn, "test assumes the two terms hash apart");
    assertEquals(15, snapshot.feature(0, gymColumn));
    assertTrue(snapshot.feature(0, pastaColumn) < 15);
  }

  @Test
  void commonTermsWeighLessThanRareOnes() {
    // every profile says "daily"; only profile 0 says "kayak": idf favours kayak
    List<Profile> catalog = new ArrayList<>();
    catalog.add(TestCatalog.profile("p0", "daily kayak", 10));
    for (int i = 1; i < 20; i++) {
      catalog.add(TestCatalog.profile("p" + i, "daily vlog number " + i, 10));
    }
    Snapshot snapshot = SnapshotBuilder.build(catalog);
    int row = snapshot.indexOf("p0");

    assertEquals(15, snapshot.feature(row, termColumn(snapshot, "kayak")));
    assertTrue(snapshot.feature(row, termColumn(snapshot, "daily")) < 15);
  }

  @Test
  void layoutSplitsColumnsForEveryDimension() {
    for (int d = FeatureLayout.MIN_D; d <= FeatureLayout.MAX_D; d++) {
      FeatureLayout layout = FeatureLayout.forDimension(d);
      assertEquals(d, layout.termColumns() + layout.nicheColumns() + FeatureLayout.STAT_COLUMNS);
      assertTrue(layout.termColumns() >= 3 * d / 4, "terms dominate at d = " + d);
      assertEquals(d - 1, layout.verifiedColumn());
    }
    assertEquals(NicheCues.FAMILY_COUNT, FeatureLayout.forDimension(64).nicheColumns());
  }

  @Test
  void foldedNicheColumnsNameAllTheirFamilies() {
    FeatureLayout small = FeatureLayout.forDimension(16); // a single niche column
    assertEquals(1, small.nicheColumns());
    assertTrue(NicheCues.columnLabel(0, 1).contains("fitness/food/"));
  }

  private static int termColumn(Snapshot snapshot, String term) {
    return (int) Long.remainderUnsigned(Fnv1a64.termHash(term), snapshot.layout().termColumns());
  }

  private static long dot(Snapshot snapshot, int a, int b) {
    long sum = 0;
    for (int j = 0; j < snapshot.d(); j++) {
      sum += (long) snapshot.feature(a, j) * snapshot.feature(b, j);
    }
    return sum;
  }
}
