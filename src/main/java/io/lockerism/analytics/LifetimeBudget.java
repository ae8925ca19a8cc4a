package io.lockerism.analytics;

/**
 * A viewer's lifetime privacy budget: what one window in which the viewer is counted costs, the
 * bound, and how many windows so far — for one viewer (their own page), or the most any viewer can
 * have been counted in (the number of windows released, capped by the bound).
 *
 * @param rhoPerWindow zCDP ρ of one window in which the viewer is counted
 * @param boundRho the lifetime bound: a viewer is never counted past it
 * @param windowsBound in how many windows, at most, a viewer is ever counted
 * @param windowsSoFar in how many windows the viewer (or, at most, any viewer) was counted so far
 */
public record LifetimeBudget(
    double rhoPerWindow, double boundRho, long windowsBound, long windowsSoFar) {

  public static LifetimeBudget of(PrivacyPolicy policy, long windowsSoFar) {
    return new LifetimeBudget(
        policy.rhoPerViewerWindow(),
        policy.viewerLifetimeRho(),
        policy.windowsPerViewer(),
        Math.min(windowsSoFar, policy.windowsPerViewer()));
  }

  public double rhoSoFar() {
    return windowsSoFar * rhoPerWindow;
  }

  public boolean spent() {
    return windowsSoFar >= windowsBound;
  }

  public double epsilonPerWindow() {
    return PrivacyPolicy.epsilonAt(rhoPerWindow, PrivacyPolicy.DELTA);
  }

  public double epsilonSoFar() {
    return windowsSoFar == 0 ? 0 : PrivacyPolicy.epsilonAt(rhoSoFar(), PrivacyPolicy.DELTA);
  }

  public double epsilonBound() {
    return PrivacyPolicy.epsilonAt(windowsBound * rhoPerWindow, PrivacyPolicy.DELTA);
  }

  public double delta() {
    return PrivacyPolicy.DELTA;
  }
}
