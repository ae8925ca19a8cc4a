package io.lockerism.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockerism.catalog.Profile;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SnapshotBuilderTest {

  @Test
  void sameCatalogInAnyOrderGivesTheSameId() {
    // several parallel chunks of rows, so scheduling differences would show
    List<Profile> catalog = TestCatalog.synthetic(5_000, 7);
    List<Profile> shuffled = new ArrayList<>(catalog);
    Collections.shuffle(shuffled, new Random(42));

    Snapshot first = SnapshotBuilder.build(catalog);
    Snapshot again = SnapshotBuilder.build(catalog);
    Snapshot fromShuffled = SnapshotBuilder.build(shuffled);

    assertEquals(first.id(), again.id());
    assertEquals(first.id(), fromShuffled.id());
    assertTrue(first.id().matches("[0-9a-f]{64}"), first.id());
  }

  @Test
  void anyChangeToTheModelChangesTheId() {
    List<Profile> catalog = TestCatalog.topical();
    String id = SnapshotBuilder.build(catalog).id();

    List<Profile> edited = new ArrayList<>(catalog);
    edited.set(0, TestCatalog.profile("fit_anna", "Now I only bake bread #baking", 120_000));

    assertNotEquals(id, SnapshotBuilder.build(edited).id());
    assertNotEquals(id, SnapshotBuilder.build(catalog, 64, 5, ProgressListener.NONE).id());
    assertNotEquals(id, SnapshotBuilder.build(catalog, 128, 4, ProgressListener.NONE).id());
  }

  @Test
  void profilesAreInAccountIdOrderByUtf8Bytes() {
    // 'Z' < 'a' < 'é' (U+00E9) < '中' < '😀' (U+1F600, a surrogate pair in UTF-16)
    List<Profile> catalog =
        List.of(
            TestCatalog.profile("😀", "", 1), TestCatalog.profile("é", "", 1),
            TestCatalog.profile("a", "", 1), TestCatalog.profile("中", "", 1),
            TestCatalog.profile("Z", "", 1), TestCatalog.profile("\uFF5E", "", 1));
    Snapshot snapshot = SnapshotBuilder.build(catalog);

    assertEquals(List.of("Z", "a", "é", "中", "\uFF5E", "😀"), snapshot.accountIds());
    assertEquals(3, snapshot.indexOf("中"));
    assertEquals(-1, snapshot.indexOf("missing"));
  }

  @ParameterizedTest
  @ValueSource(ints = {16, 32, 64, 128})
  void featuresAndPriorsStayInRange(int d) {
    List<Profile> catalog = new ArrayList<>(TestCatalog.synthetic(300, d));
    catalog.addAll(TestCatalog.topical());
    Snapshot snapshot = SnapshotBuilder.build(catalog, d, 4, ProgressListener.NONE);

    assertEquals(d, snapshot.d());
    assertEquals(d, snapshot.labels().size());
    for (int i = 0; i < snapshot.size(); i++) {
      assertTrue(snapshot.prior(i) >= 0 && snapshot.prior(i) <= 15);
      for (int j = 0; j < d; j++) {
        int value = snapshot.feature(i, j);
        assertTrue(value >= 0 && value <= 15, "M[" + i + "][" + j + "] = " + value);
      }
    }
  }

  @Test
  void everyRowWithTextUsesTheFullScale() {
    Snapshot snapshot = SnapshotBuilder.build(TestCatalog.synthetic(200, 3));
    FeatureLayout layout = snapshot.layout();
    for (int i = 0; i < snapshot.size(); i++) {
      int rowMax = 0;
      for (int j = 0; j < layout.termColumns(); j++) {
        rowMax = Math.max(rowMax, snapshot.feature(i, j));
      }
      assertEquals(15, rowMax, "row " + i + " is scaled by its largest term weight");
    }
  }

  @Test
  void profileWithoutTextOrStatsHasAnAllZeroRow() {
    Snapshot snapshot = SnapshotBuilder.build(TestCatalog.topical());
    int empty = snapshot.indexOf("empty_frank");

    for (int j = 0; j < snapshot.d(); j++) {
      assertEquals(0, snapshot.feature(empty, j), "column " + j);
    }
    assertEquals(0, snapshot.prior(empty));
  }

  @Test
  void priorFollowsPopularity() {
    Snapshot snapshot = SnapshotBuilder.build(TestCatalog.topical());
    int star = snapshot.indexOf("star_gina");
    int small = snapshot.indexOf("fit_ben");

    assertTrue(snapshot.prior(star) > snapshot.prior(small));
    FeatureLayout layout = snapshot.layout();
    assertEquals(FeatureExtractor.VERIFIED_VALUE, snapshot.feature(star, layout.verifiedColumn()));
    assertEquals(0, snapshot.feature(small, layout.verifiedColumn()));
  }

  @Test
  void progressRisesFromZeroToOne() {
    List<Double> reported = new ArrayList<>();
    SnapshotBuilder.build(TestCatalog.synthetic(1000, 1), 64, 4, reported::add);

    assertEquals(0.0, reported.get(0));
    assertEquals(1.0, reported.get(reported.size() - 1));
    for (int k = 1; k < reported.size(); k++) {
      assertTrue(reported.get(k) >= reported.get(k - 1), "progress went back at call " + k);
    }
    assertTrue(reported.size() > 100, "progress is reported in small steps");
  }

  @Test
  void emptyCatalogBuildsAnEmptySnapshot() {
    List<Double> reported = new ArrayList<>();
    Snapshot snapshot = SnapshotBuilder.build(List.of(), 64, 4, reported::add);

    assertEquals(0, snapshot.size());
    assertEquals(1.0, reported.get(reported.size() - 1));
  }

  @Test
  void duplicateAccountIdsAreRejected() {
    List<Profile> catalog =
        List.of(TestCatalog.profile("same", "a", 1), TestCatalog.profile("same", "b", 2));
    assertThrows(IllegalArgumentException.class, () -> SnapshotBuilder.build(catalog));
  }

  @Test
  void dimensionAndWeightOutsideTheirRangesAreRejected() {
    List<Profile> catalog = TestCatalog.topical();
    assertThrows(
        IllegalArgumentException.class,
        () -> SnapshotBuilder.build(catalog, 15, 4, ProgressListener.NONE));
    assertThrows(
        IllegalArgumentException.class,
        () -> SnapshotBuilder.build(catalog, 129, 4, ProgressListener.NONE));
    assertThrows(
        IllegalArgumentException.class,
        () -> SnapshotBuilder.build(catalog, 64, 0, ProgressListener.NONE));
  }
}
