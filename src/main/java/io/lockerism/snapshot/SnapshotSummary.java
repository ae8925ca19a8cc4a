package io.lockerism.snapshot;

import java.time.Instant;

/** A stored snapshot as the operator's list shows it. */
public record SnapshotSummary(
    String id, int profiles, int features, int weight, Instant createdAt) {}
