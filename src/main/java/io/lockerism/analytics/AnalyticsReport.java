package io.lockerism.analytics;

import java.time.Duration;
import java.util.List;

/**
 * What a creator's analytics page or the operator's dashboard shows.
 *
 * @param budget the scope's budget for the latest closed window
 * @param lifetime what the releases so far can have cost any one viewer, and the bound
 */
public record AnalyticsReport(
    Scope scope,
    Duration window,
    List<SeriesReport> series,
    BudgetView budget,
    LifetimeBudget lifetime) {

  public AnalyticsReport {
    series = List.copyOf(series);
  }
}
