package io.lockerism.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockerism.account.Account;
import io.lockerism.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Server-side sessions on a clock the test moves: time passes without anyone sleeping. */
class SessionStoreTest {

  private static final Duration IDLE = Duration.ofMinutes(30);
  private static final Account ALICE = new Account(1, "alice", Instant.EPOCH);

  private final MutableClock clock = new MutableClock();
  private final SessionStore store = new SessionStore(clock, IDLE);
  private final List<Session> ended = new ArrayList<>();

  SessionStoreTest() {
    store.onSessionEnd(ended::add);
  }

  @Test
  void sessionsHaveUnguessableIdsAndTokensAndStartAnonymous() {
    Session a = store.createAnonymous();
    Session b = store.createAnonymous();
    assertFalse(a.isAuthenticated());
    assertNotEquals(a.id(), b.id());
    assertNotEquals(a.id(), a.csrfToken());
    assertEquals(43, a.id().length(), "256 bits, base64url");
    assertEquals(a.id(), store.find(a.id()).orElseThrow().id());
    assertTrue(store.find("no-such-session").isEmpty());
    assertTrue(store.find(null).isEmpty());
  }

  @Test
  void activityKeepsASessionAliveAndIdlingEndsIt() {
    Session s = store.logIn(null, ALICE);
    clock.advance(IDLE.minusMinutes(1));
    assertTrue(store.find(s.id()).isPresent(), "used within the idle timeout");
    clock.advance(IDLE.minusMinutes(1));
    assertTrue(store.find(s.id()).isPresent(), "the last use counts, not the first");
    clock.advance(IDLE.plusSeconds(1));
    assertTrue(store.find(s.id()).isEmpty(), "idle too long");
    assertEquals(
        List.of(s.id()),
        ended.stream().map(Session::id).toList(),
        "listeners (the locker) hear of the end");
    assertEquals(0, store.size());
  }

  @Test
  void noSessionOutlivesItsAbsoluteLifetimeHoweverBusy() {
    Session s = store.logIn(null, ALICE);
    Duration step = IDLE.minusMinutes(5);
    Duration lived = Duration.ZERO;
    while (lived.plus(step).compareTo(SessionStore.ABSOLUTE_LIFETIME) < 0) {
      clock.advance(step);
      lived = lived.plus(step);
      assertTrue(store.find(s.id()).isPresent(), "alive after " + lived);
    }
    clock.advance(step);
    assertTrue(store.find(s.id()).isEmpty(), "ended after its absolute lifetime");
  }

  @Test
  void logInRotatesTheSessionAndEndsTheOneItCameWith() {
    Session anonymous = store.createAnonymous();
    Session s = store.logIn(anonymous.id(), ALICE);
    assertTrue(s.isAuthenticated());
    assertEquals(ALICE, s.account());
    assertNotEquals(anonymous.id(), s.id(), "a fresh id: no session fixation");
    assertNotEquals(anonymous.csrfToken(), s.csrfToken());
    assertTrue(store.find(anonymous.id()).isEmpty());
    assertEquals(List.of(anonymous.id()), ended.stream().map(Session::id).toList());
  }

  @Test
  void sweepingEndsExactlyTheExpiredSessions() {
    Session old = store.logIn(null, ALICE);
    clock.advance(IDLE.minusMinutes(10));
    Session recent = store.createAnonymous();
    clock.advance(Duration.ofMinutes(11));
    assertEquals(1, store.sweep());
    assertTrue(store.find(recent.id()).isPresent());
    assertEquals(List.of(old.id()), ended.stream().map(Session::id).toList());
    store.end(recent.id());
    store.end(recent.id());
    assertEquals(2, ended.size(), "ending twice tells the listeners once");
  }
}
