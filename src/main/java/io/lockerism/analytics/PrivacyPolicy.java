package io.lockerism.analytics;

import java.util.EnumMap;
import java.util.Map;

/**
 * How much privacy loss each release may spend, in zCDP's ρ, counted in millionths so that sums are
 * exact. Every series of a window is released once, so one viewer's activity in one window costs at
 * most the sum of the ρ of the series charged to viewers (zCDP composes by adding ρ); a viewer is
 * counted in a window only while that sum still fits in their lifetime budget, so the releases of
 * the whole deployment cost any one viewer at most {@code viewerLifetimeMicroRho}.
 *
 * @param microRho per series, ρ × 10⁶ spent by its one release per window
 * @param budgetMicroRho per scope and window, the most all its releases may spend together
 * @param viewerLifetimeMicroRho per viewer, the most all windows they are counted in may cost
 */
public record PrivacyPolicy(
    Map<Series, Long> microRho, Map<Scope, Long> budgetMicroRho, long viewerLifetimeMicroRho) {

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
    long window = 0;
    for (Series s : Series.values()) {
      window += s.chargedToViewers() ? microRho.get(s) : 0;
    }
    if (viewerLifetimeMicroRho < window) {
      throw new IllegalArgumentException("the lifetime budget does not pay for one window");
    }
  }

  /**
   * The lifetime budget of each viewer: ρ = 2.5, just under the 2.63 the US Census Bureau spent on
   * each person for the 2020 redistricting data (docs/privacy.md explains the choice).
   */
  public static final long DEFAULT_VIEWER_LIFETIME_MICRO_RHO = 2_500_000L;

  /** ρ = 0.075 for each of the 4 creator series, 0.05 for each of the 5 dashboard series. */
  public static PrivacyPolicy defaults() {
    Map<Series, Long> rho = new EnumMap<>(Series.class);
    for (Series s : Series.values()) {
      rho.put(s, s.scope() == Scope.CREATORS ? 75_000L : 50_000L);
    }
    return withRho(rho);
  }

  /**
   * Window budgets that are exactly the sum of each scope's series, and the default lifetime budget
   * (or, should one window cost more, room for one window).
   */
  public static PrivacyPolicy withRho(Map<Series, Long> rho) {
    Map<Scope, Long> budgets = new EnumMap<>(Scope.class);
    long window = 0;
    for (Series s : Series.values()) {
      budgets.merge(s.scope(), rho.get(s), Long::sum);
      window += s.chargedToViewers() ? rho.get(s) : 0;
    }
    return new PrivacyPolicy(rho, budgets, Math.max(window, DEFAULT_VIEWER_LIFETIME_MICRO_RHO));
  }

  public PrivacyPolicy withBudget(Scope scope, long microRhoBudget) {
    Map<Scope, Long> budgets = new EnumMap<>(budgetMicroRho);
    budgets.put(scope, microRhoBudget);
    return new PrivacyPolicy(microRho, budgets, viewerLifetimeMicroRho);
  }

  /** The same policy with room for {@code windows} counted windows per viewer. */
  public PrivacyPolicy withViewerWindows(int windows) {
    return new PrivacyPolicy(microRho, budgetMicroRho, windows * viewerMicroRhoPerWindow());
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

  /** ρ × 10⁶ that one viewer's activity in one window costs across everything released. */
  public long viewerMicroRhoPerWindow() {
    long sum = 0;
    for (Series s : Series.values()) {
      sum += s.chargedToViewers() ? microRho.get(s) : 0;
    }
    return sum;
  }

  public double rhoPerViewerWindow() {
    return viewerMicroRhoPerWindow() / (double) MICRO;
  }

  public double viewerLifetimeRho() {
    return viewerLifetimeMicroRho / (double) MICRO;
  }

  /** In how many windows, at most, one viewer's activity is ever counted. */
  public long windowsPerViewer() {
    return viewerLifetimeMicroRho / viewerMicroRhoPerWindow();
  }

  /** The (ε, δ)-DP implied by ρ-zCDP (Bun and Steinke 2016): ε = ρ + 2√(ρ ln(1/δ)). */
  public static double epsilonAt(double rho, double delta) {
    return rho + 2 * Math.sqrt(rho * Math.log(1 / delta));
  }
}
