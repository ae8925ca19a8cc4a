package io.lockerism.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockerism.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Progressive delays per account and address, per address, per account; on a test clock. */
class LoginThrottleTest {

  private final MutableClock clock = new MutableClock();
  private final LoginThrottle throttle = new LoginThrottle(clock);

  private void fail(String user, String address) {
    LoginThrottle.Attempt a = throttle.admit(user, address);
    assertTrue(a.admitted(), user + " from " + address);
    a.failed();
  }

  @Test
  void afterTheFreeFailuresEachDelayDoublesAndThenAdmitsOneMoreAttempt() {
    for (int i = 0; i < LoginThrottle.FREE_PER_ACCOUNT_AND_ADDRESS; i++) {
      fail("gina", "10.0.0.1");
    }
    Duration previous = Duration.ZERO;
    for (int round = 0; round < 5; round++) {
      LoginThrottle.Attempt refused = throttle.admit("gina", "10.0.0.1");
      assertFalse(refused.admitted());
      assertEquals(LoginThrottle.BASE_DELAY.multipliedBy(1L << round), refused.retryAfter());
      assertTrue(refused.retryAfter().compareTo(previous) > 0, "the delay grows");
      previous = refused.retryAfter();
      clock.advance(refused.retryAfter());
      fail("gina", "10.0.0.1");
    }
  }

  @Test
  void anotherAddressIsNotHeldBackByOneAddressesFailures() {
    for (int i = 0; i < LoginThrottle.FREE_PER_ACCOUNT_AND_ADDRESS; i++) {
      fail("gina", "10.0.0.1");
    }
    assertFalse(throttle.admit("gina", "10.0.0.1").admitted());
    assertTrue(throttle.admit("gina", "10.9.9.9").admitted());
  }

  @Test
  void anAddressSprayingManyAccountsIsHeldBack() {
    for (int i = 0; i < LoginThrottle.FREE_PER_ADDRESS; i++) {
      fail("user" + i, "10.1.1.1");
    }
    assertFalse(throttle.admit("someone-new", "10.1.1.1").admitted());
    assertTrue(throttle.admit("someone-new", "10.2.2.2").admitted());
  }

  @Test
  void manyAddressesOnOneAccountAreHeldBackOnlyBrieflyAtWorst() {
    for (int i = 0; i < LoginThrottle.FREE_PER_ACCOUNT + 20; i++) {
      clock.advance(LoginThrottle.MAX_ACCOUNT_DELAY);
      fail("hugo", "10.3.0." + i);
    }
    LoginThrottle.Attempt owner = throttle.admit("hugo", "192.0.2.1");
    assertFalse(owner.admitted());
    assertEquals(LoginThrottle.MAX_ACCOUNT_DELAY, owner.retryAfter(), "capped, not locked out");
  }

  @Test
  void aSuccessForgivesTheAccountsFailuresAndGivesBackItsAttempt() {
    for (int i = 0; i < LoginThrottle.FREE_PER_ACCOUNT_AND_ADDRESS - 1; i++) {
      fail("hugo", "x");
    }
    throttle.admit("hugo", "x").succeeded();
    throttle.admit("hugo", "y").close(); // a check that never happened counts for nothing
    for (int i = 0; i < LoginThrottle.FREE_PER_ACCOUNT_AND_ADDRESS; i++) {
      fail("hugo", "x");
    }
    assertFalse(throttle.admit("hugo", "x").admitted());
  }

  @Test
  void failuresAreForgottenAWindowAfterTheLastOne() {
    for (int i = 0; i < LoginThrottle.FREE_PER_ACCOUNT_AND_ADDRESS + 3; i++) {
      clock.advance(Duration.ofMinutes(20));
      fail("ivy", "x");
    }
    clock.advance(LoginThrottle.WINDOW.plusSeconds(1));
    for (int i = 0; i < LoginThrottle.FREE_PER_ACCOUNT_AND_ADDRESS; i++) {
      fail("ivy", "x");
    }
  }

  @Test
  void passwordChangesHaveTheirOwnKey() {
    for (int i = 0; i < LoginThrottle.FREE_PER_ACCOUNT_AND_ADDRESS; i++) {
      LoginThrottle.Attempt a = throttle.admitPasswordChange(7);
      assertTrue(a.admitted());
      a.failed();
    }
    assertFalse(throttle.admitPasswordChange(7).admitted());
    assertTrue(throttle.admitPasswordChange(8).admitted());
    assertTrue(throttle.admit("someone", "x").admitted());
  }

  @Test
  void attemptsBeyondTheFreeSlotsWaitForThoseInFlightAndARightPasswordFreesOne() throws Exception {
    List<LoginThrottle.Attempt> inFlight = new ArrayList<>();
    for (int i = 0; i < LoginThrottle.FREE_PER_ACCOUNT_AND_ADDRESS; i++) {
      inFlight.add(throttle.admit("jo", "10.5.5.5"));
    }
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<LoginThrottle.Attempt> next = pool.submit(() -> throttle.admit("jo", "10.5.5.5"));
      inFlight.get(0).succeeded(); // the owner's right password, still checking the others
      assertTrue(
          next.get(LoginThrottle.MAX_QUEUE_WAIT.toSeconds() + 5, TimeUnit.SECONDS).admitted(),
          "a slot freed by a success is taken by the waiting attempt");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void waitingAttemptsAreRefusedOnceTheSlotsTurnIntoFailures() throws Exception {
    List<LoginThrottle.Attempt> inFlight = new ArrayList<>();
    for (int i = 0; i < LoginThrottle.FREE_PER_ACCOUNT_AND_ADDRESS; i++) {
      inFlight.add(throttle.admit("kai", "10.6.6.6"));
    }
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<LoginThrottle.Attempt> next = pool.submit(() -> throttle.admit("kai", "10.6.6.6"));
      inFlight.forEach(LoginThrottle.Attempt::failed);
      LoginThrottle.Attempt refused =
          next.get(LoginThrottle.MAX_QUEUE_WAIT.toSeconds() + 5, TimeUnit.SECONDS);
      assertFalse(refused.admitted());
      assertEquals(LoginThrottle.BASE_DELAY, refused.retryAfter());
    } finally {
      pool.shutdownNow();
    }
  }
}
