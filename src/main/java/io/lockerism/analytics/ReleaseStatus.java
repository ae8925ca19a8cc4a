package io.lockerism.analytics;

/** What a chart shows for one series and window. */
public enum ReleaseStatus {
  /** The window is still being counted; nothing can be released before it ends. */
  OPEN,
  /** A noisy value was released (and is re-served as stored). */
  RELEASED,
  /** The window's privacy budget could not pay for this series, so nothing was released. */
  BUDGET_SPENT,
  /** No instance was counting for the whole window (e.g. the app started during it). */
  NOT_COUNTED
}
