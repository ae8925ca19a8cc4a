package io.lockerism.engine;

import java.util.List;

/** The engine's BGV parameters and the bounds they admit, for D features. */
public record HeParameters(
    int paramSetId,
    int logN,
    int ringDegree,
    double logQP,
    int maxLogQP128,
    List<Long> q,
    long t,
    int d,
    int maxFeature,
    int maxLikes,
    int maxInterest,
    int maxPrior,
    int maxWeight,
    int maxD,
    long maxScore) {}
