package io.lockerism.analytics;

import java.util.List;

/**
 * A series' releases over recent windows, oldest first.
 *
 * @param rho the zCDP ρ each window's release of this series spends
 * @param scale the discrete Gaussian's σ of one instance's release
 */
public record SeriesReport(Series series, double rho, double scale, List<Release> releases) {

  public SeriesReport {
    releases = List.copyOf(releases);
  }

  /** The newest release that is not open, if any window has ended. */
  public Release latestClosed() {
    for (int i = releases.size() - 1; i >= 0; i--) {
      if (releases.get(i).status() != ReleaseStatus.OPEN) {
        return releases.get(i);
      }
    }
    return null;
  }
}
