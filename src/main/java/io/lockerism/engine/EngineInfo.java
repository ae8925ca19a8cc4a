package io.lockerism.engine;

import java.util.Map;

/**
 * What the loaded library is and the limits it enforces (native/version.go, with the bounds from
 * circuits/model). The Java constants that mirror the limits are compared with these by a test.
 *
 * @param statusCodes every status code by its engine name, e.g. {@code "evaluatorFault" → 6}
 */
public record EngineInfo(
    String version,
    int abi,
    String gnark,
    String circuit,
    Map<String, Integer> statusCodes,
    Limits limits) {

  public EngineInfo {
    statusCodes = Map.copyOf(statusCodes);
  }

  /** The value and size bounds, defined once in the engine. */
  public record Limits(
      int maxFeature,
      int maxPrior,
      int minWeight,
      int maxWeight,
      int maxLikes,
      int minFeatures,
      int maxFeatures,
      int maxAccountIdBytes,
      int maxFeedLength,
      int minProverProfiles,
      int maxProverProfiles,
      int snapshotFormatVersion) {}
}
