package io.lockerism.analytics;

import java.util.EnumMap;
import java.util.Map;

/**
 * How much privacy loss each release may spend, in zCDP's ρ, counted in millionths so that sums are
 * exact. The unit of privacy is one viewer-day (one viewer's activity in one window): every series
 * of a window is released once, so a viewer-day costs at most the sum of all series' ρ (zCDP
 * composes by adding ρ).
 *
 * @param microRho per series, ρ × 10⁶ spent by its one release per window
 * @param budgetMicroRho per scope and window, the most all its releases may spend together
 */
public record PrivacyPolicy(Map<Series, Long> microRho, Map<Scope, Long> budgetMicroRho) {

  public static final long MICRO = 1_000_000L;

  /** δ at which the (ε, δ) equivalent of the guarantee is quoted. */
  public static final double DELTA = 1e-9;

  public PrivacyPolicy {
    microRho = Map.copyOf(microRho);
    budgetMicroRho = Map.copyOf(budgetMicroRho);
    for (Series s : Series.values()) {
      Long r = microRho.get(s);
      if (r == null || r <= 0) {
        throw new IllegalArgumentException("no positive ρ for series " + s);
      }
    }
    for (Scope scope : Scope.values()) {
      if (budgetMicroRho.getOrDefault(scope, 0L) <= 0) {
        throw new IllegalArgumentException("no positive budget for scope " + scope);
      }
    }
  }

  /** ρ = 0.075 for each of the 4 creator series, 0.05 for each of the 5 dashboard series. */
  public static PrivacyPolicy defaults() {
    Map<Series, Long> rho = new EnumMap<>(Series.class);
    for (Series s : Series.values()) {
      rho.put(s, s.scope() == Scope.CREATORS ? 75_000L : 50_000L);
    }
    return withRho(rho);
  }

  /** Budgets that are exactly the sum of each scope's series. */
  public static PrivacyPolicy withRho(Map<Series, Long> rho) {
    Map<Scope, Long> budgets = new EnumMap<>(Scope.class);
    for (Series s : Series.values()) {
      budgets.merge(s.scope(), rho.get(s), Long::sum);
    }
    return new PrivacyPolicy(rho, budgets);
  }

  public PrivacyPolicy withBudget(Scope scope, long microRhoBudget) {
    Map<Scope, Long> budgets = new EnumMap<>(budgetMicroRho);
    budgets.put(scope, microRhoBudget);
    return new PrivacyPolicy(microRho, budgets);
  }

  public double rho(Series s) {
    return microRho.get(s) / (double) MICRO;
  }

  public long budget(Scope scope) {
    return budgetMicroRho.get(scope);
  }

  /**
   * The discrete Gaussian's σ that spends exactly ρ on this series: ρ = (Δ₂ / σ)² / 2, so σ = Δ₂ /
   * √(2ρ). OpenDP's privacy map checks it at release time.
   */
  public double scale(Series s) {
    return s.l2Sensitivity() / Math.sqrt(2 * rho(s));
  }

  /** ρ of one viewer-day across everything released in a window. */
  public double rhoPerViewerDay() {
    return budgetMicroRho.values().stream().mapToLong(Long::longValue).sum() / (double) MICRO;
  }

  /** The (ε, δ)-DP implied by ρ-zCDP (Bun and Steinke 2016): ε = ρ + 2√(ρ ln(1/δ)). */
  public static double epsilonAt(double rho, double delta) {
    return rho + 2 * Math.sqrt(rho * Math.log(1 / delta));
  }
}
