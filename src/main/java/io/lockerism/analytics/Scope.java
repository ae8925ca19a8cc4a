package io.lockerism.analytics;

/** Who a group of series is released for; each has its own privacy budget per window. */
public enum Scope {
  /** Per-profile series, released for every profile of the catalog at once (a histogram). */
  CREATORS,
  /** The operator's dashboard: one number per series and window. */
  DASHBOARD
}
