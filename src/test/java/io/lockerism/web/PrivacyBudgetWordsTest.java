package io.lockerism.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockerism.analytics.LifetimeBudget;
import io.lockerism.analytics.PrivacyPolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The budget sentences name the window as configured, and say what the numbers are. */
class PrivacyBudgetWordsTest {

  private static final PrivacyPolicy POLICY = PrivacyPolicy.defaults();

  @Test
  void windowsAreNamedAfterTheirLength() {
    assertEquals("day", WindowWords.noun(Duration.ofDays(1)));
    assertEquals("minute", WindowWords.noun(Duration.ofSeconds(60)));
    assertEquals("hour", WindowWords.noun(Duration.ofHours(1)));
    assertEquals("window of 3 s", WindowWords.noun(Duration.ofSeconds(3)));
    assertEquals("5 windows of 2 h 5 min", WindowWords.count(5, Duration.ofMinutes(125)));
    assertEquals("1 day", WindowWords.count(1, Duration.ofDays(1)));
  }

  @Test
  void aDailyDeploymentSaysDaysAndAOneMinuteOneNever() {
    String daily = all(PrivacyBudgetWords.of(LifetimeBudget.of(POLICY, 2), Duration.ofDays(1)));
    assertTrue(daily.contains("So far 2 days of activity have been released"), daily);
    assertTrue(daily.contains("at most ρ 1.00 (ε ≈ 10.1)"), daily);
    assertTrue(daily.contains("ρ 2.50 (ε ≈ 16.9) per viewer"), daily);
    assertTrue(daily.contains("Each day in which a viewer is counted costs ρ 0.50"), daily);
    String minute =
        all(PrivacyBudgetWords.of(LifetimeBudget.of(POLICY, 9), Duration.ofSeconds(60)));
    assertFalse(minute.matches("(?s).*\\bdays?\\b.*"), minute);
    assertTrue(minute.contains("So far 5 minutes or more of activity"), minute);
    assertTrue(minute.contains("after 5 minutes counted"), minute);
  }

  @Test
  void aViewerIsToldWhenTheirBudgetIsSpent() {
    Duration day = Duration.ofDays(1);
    assertTrue(
        PrivacyBudgetWords.ofViewer(LifetimeBudget.of(POLICY, 0), day)
            .soFar()
            .contains("None of your activity has been counted"));
    assertTrue(
        PrivacyBudgetWords.ofViewer(LifetimeBudget.of(POLICY, 3), day)
            .soFar()
            .contains("counted in 3 days of the at most 5"));
    String spent = PrivacyBudgetWords.ofViewer(LifetimeBudget.of(POLICY, 5), day).soFar();
    assertTrue(spent.contains("Your privacy budget for the statistics is spent"), spent);
    assertTrue(spent.contains("nothing you do is counted"), spent);
  }

  private static String all(PrivacyBudgetWords w) {
    return w.explain() + " " + w.soFar() + " " + w.bound();
  }
}
