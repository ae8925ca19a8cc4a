package io.lockerism.account;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Slows password guessing with progressive delays rather than lock-outs. Failures are counted
 * under three keys: the account from one client address, the client address across accounts,
 * and the account across addresses. Under each key a few failures are free; after that every
 * further attempt must wait a delay that doubles with each failure (up to a cap), and a key
 * forgets its failures a {@link #WINDOW} after the last one.
 *
 * <p>Why three keys: the account-and-address key holds back one attacker on one account without
 * touching its owner elsewhere (a correct password from another address still works); the
 * address key holds back one attacker spraying many accounts; the account key (with a short cap)
 * slows a guesser spread over many addresses without locking the owner out for long.
 *
 * <p>An attempt is counted as a failure when it is admitted ({@link #admit}), before the password
 * is checked, and given back on success: so however many guesses arrive at once, no more are
 * checked than the limits allow. All state changes happen under one lock; each is O(1).
 */
public final class LoginThrottle {

  /** Failures of one account from one address before the first delay. */
  public static final int FREE_PER_ACCOUNT_AND_ADDRESS = 3;
  /** Failures from one address (any accounts) before the first delay. */
  public static final int FREE_PER_ADDRESS = 20;
  /** Failures of one account (any addresses) before the first delay. */
  public static final int FREE_PER_ACCOUNT = 10;
  /** The first delay; each further failure doubles it. */
  public static final Duration BASE_DELAY = Duration.ofSeconds(2);
  /** Longest delay for an account and address, or for an address. */
  public static final Duration MAX_DELAY = Duration.ofMinutes(15);
  /** Longest delay for an account across addresses: what its owner may have to wait at worst. */
  public static final Duration MAX_ACCOUNT_DELAY = Duration.ofMinutes(1);
  /** A key's failures are forgotten this long after its last one. */
  public static final Duration WINDOW = Duration.ofHours(1);
  /** Keys kept at most; beyond it the longest-quiet ones are dropped first. */
  static final int MAX_KEYS = 200_000;

  private final Clock clock;
  private final Map<String, Failures> failures = new HashMap<>();

  public LoginThrottle(Clock clock) {
    this.clock = clock;
  }

  /**
   * Admits one attempt for {@code subject} (an account name) from {@code address}, counting it as
   * a failure until {@link Attempt#succeeded()}; or refuses it with how long to wait.
   */
  public Attempt admit(String subject, String address) {
    return admit(List.of(
        new Limit("p:" + subject + "|" + address, FREE_PER_ACCOUNT_AND_ADDRESS, MAX_DELAY),
        new Limit("a:" + address, FREE_PER_ADDRESS, MAX_DELAY),
        new Limit("u:" + subject, FREE_PER_ACCOUNT, MAX_ACCOUNT_DELAY)));
  }

  /**
   * Admits a password change by account {@code accountId}: a logged-in session guessing the
   * current password gets the same delays as a log-in, under a key of its own.
   */
  public Attempt admitPasswordChange(long accountId) {
    return admit(List.of(
        new Limit("c:" + accountId, FREE_PER_ACCOUNT_AND_ADDRESS, MAX_DELAY)));
  }

  private synchronized Attempt admit(List<Limit> limits) {
    Instant now = clock.instant();
    Duration wait = Duration.ZERO;
    for (Limit limit : limits) {
      Duration w = waitFor(limit, now);
      wait = w.compareTo(wait) > 0 ? w : wait;
    }
    if (!wait.isZero()) {
      return new Attempt(this, List.of(), wait);
    }
    for (Limit limit : limits) {
      failures.computeIfAbsent(limit.key(), k -> new Failures()).add(now);
    }
    if (failures.size() > MAX_KEYS) {
      prune(now);
    }
    return new Attempt(this, limits, Duration.ZERO);
  }

  /** Keys held; for tests and metrics. */
  synchronized int size() {
    return failures.size();
  }

  private Duration waitFor(Limit limit, Instant now) {
    Failures f = failures.get(limit.key());
    if (f == null) {
      return Duration.ZERO;
    }
    if (f.last.plus(WINDOW).isBefore(now)) {
      failures.remove(limit.key());
      return Duration.ZERO;
    }
    if (f.count < limit.free()) {
      return Duration.ZERO;
    }
    Duration delay = delay(f.count - limit.free(), limit.cap());
    Duration left = Duration.between(now, f.last.plus(delay));
    return left.isNegative() ? Duration.ZERO : left;
  }

  /** BASE_DELAY × 2^extra, at most {@code cap}. */
  static Duration delay(int extra, Duration cap) {
    if (extra >= 30) {
      return cap;
    }
    Duration d = BASE_DELAY.multipliedBy(1L << extra);
    return d.compareTo(cap) > 0 ? cap : d;
  }

  private synchronized void succeeded(List<Limit> limits) {
    for (Limit limit : limits) {
      if (limit.key().startsWith("a:")) {
        Failures f = failures.get(limit.key());
        if (f != null && --f.count <= 0) {
          failures.remove(limit.key());
        }
      } else {
        failures.remove(limit.key());
      }
    }
  }

  /** Drops expired keys, then the longest-quiet tenth if that was not enough. */
  private void prune(Instant now) {
    failures.values().removeIf(f -> f.last.plus(WINDOW).isBefore(now));
    if (failures.size() > MAX_KEYS) {
      failures.entrySet().stream()
          .sorted(Comparator.comparing(e -> e.getValue().last))
          .limit(MAX_KEYS / 10).map(Map.Entry::getKey).toList()
          .forEach(failures::remove);
    }
  }

  private record Limit(String key, int free, Duration cap) {}

  private static final class Failures {
    int count;
    Instant last;

    void add(Instant at) {
      count++;
      last = at;
    }
  }

  /** One admitted (or refused) attempt. */
  public static final class Attempt {
    private final LoginThrottle throttle;
    private final List<Limit> counted;
    private final Duration retryAfter;

    private Attempt(LoginThrottle throttle, List<Limit> counted, Duration retryAfter) {
      this.throttle = throttle;
      this.counted = counted;
      this.retryAfter = retryAfter;
    }

    public boolean admitted() {
      return retryAfter.isZero();
    }

    /** How long to wait before the next attempt can be admitted; zero when admitted. */
    public Duration retryAfter() {
      return retryAfter;
    }

    /**
     * The password was right: the account's failures are forgiven, and this attempt no longer
     * counts against the address.
     */
    public void succeeded() {
      throttle.succeeded(counted);
    }
  }
}
