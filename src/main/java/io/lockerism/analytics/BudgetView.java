package io.lockerism.analytics;

import java.time.Instant;

/**
 * A scope's privacy budget for one window, in zCDP's ρ.
 *
 * @param recorded false when no instance has closed the window yet (nothing spent)
 */
public record BudgetView(Instant windowStart, double budget, double spent, boolean recorded) {

  public double left() {
    return Math.max(0, budget - spent);
  }
}
