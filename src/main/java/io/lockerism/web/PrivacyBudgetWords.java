package io.lockerism.web;

import io.lockerism.analytics.LifetimeBudget;
import java.time.Duration;
import java.util.Locale;

/**
 * The plain sentences about the viewers' lifetime privacy budget, for /admin, the analytics pages
 * and a viewer's own account page. Every number comes from the policy and the ledger; the window is
 * named as it is configured ({@link WindowWords}).
 *
 * @param explain what ε and ρ are, in one sentence
 * @param soFar the running total: what the releases so far can have cost any one viewer
 * @param bound the lifetime bound and what happens when it is reached
 */
record PrivacyBudgetWords(String explain, String soFar, String bound) {

  static final String EXPLAIN =
      "ρ and ε measure how much the published statistics can reveal about any one viewer: the"
          + " smaller, the less anyone can tell from them whether that viewer did anything at all;"
          + " ρ is the measure that adds up from one release to the next, and ε (at δ = 10⁻⁹) is"
          + " the same bound on the more common scale.";

  /** The deployment's running total and bound. */
  static PrivacyBudgetWords of(LifetimeBudget b, Duration window) {
    String soFar =
        b.windowsSoFar() == 0
            ? "So far nothing has been released, so no viewer's privacy budget has been used."
            : "So far "
                + WindowWords.count(b.windowsSoFar(), window)
                + (b.spent() ? " or more" : "")
                + " of activity have been released: together they can have cost any one viewer at"
                + " most ρ "
                + two(b.rhoSoFar())
                + " (ε ≈ "
                + one(b.epsilonSoFar())
                + ").";
    return new PrivacyBudgetWords(EXPLAIN, soFar, bound(b, window));
  }

  /** A viewer's own budget: how much of it their counted activity has used. */
  static PrivacyBudgetWords ofViewer(LifetimeBudget b, Duration window) {
    String soFar;
    if (b.spent()) {
      soFar =
          "Your privacy budget for the statistics is spent: your activity was counted in "
              + WindowWords.count(b.windowsSoFar(), window)
              + ", the most it ever will be. From now on nothing you do is counted in creators'"
              + " analytics or the usage dashboard.";
    } else if (b.windowsSoFar() == 0) {
      soFar = "None of your activity has been counted in the statistics yet.";
    } else {
      soFar =
          "Your activity has been counted in "
              + WindowWords.count(b.windowsSoFar(), window)
              + " of the at most "
              + b.windowsBound()
              + ": ρ "
              + two(b.rhoSoFar())
              + " (ε ≈ "
              + one(b.epsilonSoFar())
              + ") of your budget is used.";
    }
    return new PrivacyBudgetWords(EXPLAIN, soFar, bound(b, window));
  }

  private static String bound(LifetimeBudget b, Duration window) {
    return "The bound, for as long as this Lockerism runs: ρ "
        + two(b.boundRho())
        + " (ε ≈ "
        + one(b.epsilonBound())
        + ") per viewer. Each "
        + WindowWords.noun(window)
        + " in which a viewer is counted costs ρ "
        + two(b.rhoPerWindow())
        + "; after "
        + WindowWords.count(b.windowsBound(), window)
        + " counted, nothing that viewer does is counted any more.";
  }

  private static String two(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }

  private static String one(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
