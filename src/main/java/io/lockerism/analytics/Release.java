package io.lockerism.analytics;

import java.time.Instant;

/**
 * One series' release for one window.
 *
 * @param value the noisy count (null unless released); may be negative, since noise is unbiased and
 *     values are not clamped
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
}
