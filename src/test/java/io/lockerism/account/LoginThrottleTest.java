package io.lockerism.account;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lockerism.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The sliding window of failed log-ins, per user and per address, on a clock the test moves. */
class LoginThrottleTest {

  private final MutableClock clock = new MutableClock();
  private final LoginThrottle throttle = new LoginThrottle(clock);

  @Test
  void aUserIsHeldBackAfterFiveFailuresUntilTheOldestLeavesTheWindow() {
    for (int i = 0; i < LoginThrottle.MAX_FAILURES_PER_USER; i++) {
      assertEquals(Duration.ZERO, throttle.retryAfter("gina", "a" + i));
      throttle.recordFailure("gina", "a" + i);
      clock.advance(Duration.ofMinutes(1));
    }
    // The first failure was 5 minutes ago: it leaves the 15-minute window in 10 minutes.
    assertEquals(Duration.ofMinutes(10), throttle.retryAfter("gina", "elsewhere"));
    clock.advance(Duration.ofMinutes(10).plusSeconds(1));
    assertEquals(Duration.ZERO, throttle.retryAfter("gina", "elsewhere"));
  }

  @Test
  void anAddressIsHeldBackAfterTwentyFailuresAcrossUsers() {
    for (int i = 0; i < LoginThrottle.MAX_FAILURES_PER_ADDRESS; i++) {
      throttle.recordFailure("user" + i, "10.1.1.1");
    }
    assertEquals(LoginThrottle.WINDOW, throttle.retryAfter("someone-new", "10.1.1.1"));
    assertEquals(Duration.ZERO, throttle.retryAfter("someone-new", "10.2.2.2"));
  }

  @Test
  void aSuccessClearsTheUsersFailures() {
    for (int i = 0; i < LoginThrottle.MAX_FAILURES_PER_USER - 1; i++) {
      throttle.recordFailure("hugo", "x");
    }
    throttle.recordSuccess("hugo");
    throttle.recordFailure("hugo", "x");
    assertEquals(Duration.ZERO, throttle.retryAfter("hugo", "y"));
  }
}
