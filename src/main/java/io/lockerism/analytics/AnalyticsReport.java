package io.lockerism.analytics;

import java.time.Duration;
import java.util.List;

/**
 * What a creator's analytics page or the operator's dashboard shows.
 *
 * @param budget the scope's budget for the latest closed window
 * @param rhoPerViewerDay the most one viewer-day can cost across everything released
 * @param epsilonPerViewerDay the same as (ε, δ)-DP at δ = {@link PrivacyPolicy#DELTA}
 */
public record AnalyticsReport(
    Scope scope,
    Duration window,
    List<SeriesReport> series,
    BudgetView budget,
    double rhoPerViewerDay,
    double epsilonPerViewerDay) {

  public AnalyticsReport {
    series = List.copyOf(series);
  }

  public double delta() {
    return PrivacyPolicy.DELTA;
  }
}
