package io.lockerism.analytics;

import java.time.Instant;

/**
 * One series' release for one window.
 *
 * @param value the noisy count (null unless released); may be negative, since noise is unbiased and
 *     stored values are not clamped (pages show {@link #shownValue()})
 * @param halfWidth the true count lies in [value − halfWidth, value + halfWidth] with 95 %
 *     probability (null unless released)
 * @param partials how many instances' noisy partials the value sums
 */
public record Release(
    Instant start, Instant end, ReleaseStatus status, Long value, Long halfWidth, int partials) {

  public boolean released() {
    return status == ReleaseStatus.RELEASED;
  }

  public long low() {
    return value - halfWidth;
  }

  public long high() {
    return value + halfWidth;
  }

  /**
   * The value a page shows: a count cannot be below zero, so a negative noisy value is shown as 0.
   * This is post-processing of the release, which keeps its privacy guarantee (it only makes the
   * shown value slightly biased upwards near zero).
   */
  public long shownValue() {
    return Math.max(0, value);
  }

  public long shownLow() {
    return Math.max(0, low());
  }

  public long shownHigh() {
    return Math.max(0, high());
  }
}
