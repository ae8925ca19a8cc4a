package io.lockerism.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lockerism.catalog.Profile;
import io.lockerism.model.FeatureLayout;
import io.lockerism.model.ScoreBounds;
import org.junit.jupiter.api.Test;

/**
 * The bounds are defined once, in the engine (circuits/model, read through lk_engine_info). Java
 * keeps compile-time copies because the CSV import, the plaintext scorer and the generator need
 * them without loading the library; this test fails the build the moment one differs.
 */
class EngineLimitsTest {

  private final EngineInfo.Limits limits = NativeEngine.load().info().limits();

  @Test
  void javaValueBoundsAreTheEngines() {
    assertEquals(limits.maxFeature(), ScoreBounds.MAX_FEATURE, "MAX_FEATURE");
    assertEquals(limits.maxPrior(), ScoreBounds.MAX_PRIOR, "MAX_PRIOR");
    assertEquals(limits.maxWeight(), ScoreBounds.MAX_WEIGHT, "MAX_WEIGHT");
    assertEquals(1, limits.minWeight(), "Snapshot.of requires w ≥ 1");
    assertEquals(limits.maxLikes(), ScoreBounds.MAX_LIKES, "MAX_LIKES");
  }

  @Test
  void javaSizeBoundsAreTheEngines() {
    assertEquals(limits.minFeatures(), FeatureLayout.MIN_D, "MIN_D");
    assertEquals(limits.maxFeatures(), FeatureLayout.MAX_D, "MAX_D");
    assertEquals(limits.maxAccountIdBytes(), Profile.MAX_ACCOUNT_ID_BYTES, "MAX_ACCOUNT_ID_BYTES");
    assertEquals(limits.maxFeedLength(), FeedProver.K_MAX, "K_MAX");
  }
}
