package io.lockerism.account;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Slows password guessing with progressive delays rather than lock-outs. Failures are counted under
 * three keys: the account from one client address, the client address across accounts, and the
 * account across addresses. Under each key a few failures are free; after that every further
 * attempt must wait a delay that doubles with each failure (up to a cap), and a key forgets its
 * failures a {@link #WINDOW} after the last one.
 *
 * <p>Why three keys: the account-and-address key holds back one attacker on one account without
 * touching its owner elsewhere (a correct password from another address still works); the address
 * key holds back one attacker spraying many accounts; the account key (with a short cap) slows a
 * guesser spread over many addresses without locking the owner out for long.
 *
 * <p>Atomic: an admitted attempt holds a slot under each key until its password check ends, and a
 * key admits no more attempts than it has free failures left, counting those in flight. So however
 * many guesses arrive at once, no more are checked than the limits allow. An attempt that finds the
 * free slots taken only by attempts still in flight waits for them (up to {@link #MAX_QUEUE_WAIT})
 * instead of being refused: a burst of right passwords (many viewers behind one address, one viewer
 * on many connections) is slowed, not turned away. All state changes happen under one lock; each is
 * O(1).
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

  /** Longest an attempt waits for attempts in flight to end before it is refused. */
  static final Duration MAX_QUEUE_WAIT = Duration.ofSeconds(10);

  /** Attempts waiting at once, at most; more are refused at once (each holds a thread). */
  static final int MAX_WAITING = 256;

  private final Clock clock;
  private final Map<String, Failures> failures = new HashMap<>();
  private int waiting;

  public LoginThrottle(Clock clock) {
    this.clock = clock;
  }

  /**
   * Admits one attempt for {@code subject} (an account name) from {@code address}, counting it as a
   * failure until {@link Attempt#succeeded()}; or refuses it with how long to wait.
   */
  public Attempt admit(String subject, String address) {
    return admit(
        List.of(
            new Limit("p:" + subject + "|" + address, FREE_PER_ACCOUNT_AND_ADDRESS, MAX_DELAY),
            new Limit("a:" + address, FREE_PER_ADDRESS, MAX_DELAY),
            new Limit("u:" + subject, FREE_PER_ACCOUNT, MAX_ACCOUNT_DELAY)));
  }

  /**
   * Admits a password change by account {@code accountId}: a logged-in session guessing the current
   * password gets the same delays as a log-in, under a key of its own.
   */
  public Attempt admitPasswordChange(long accountId) {
    return admit(List.of(new Limit("c:" + accountId, FREE_PER_ACCOUNT_AND_ADDRESS, MAX_DELAY)));
  }

  private synchronized Attempt admit(List<Limit> limits) {
    long deadline = System.nanoTime() + MAX_QUEUE_WAIT.toNanos();
    while (true) {
      Instant now = clock.instant();
      Duration wait = Duration.ZERO;
      boolean busy = false;
      for (Limit limit : limits) {
        Failures f = current(limit.key(), now);
        if (f.count >= limit.free()) {
          Duration left =
              Duration.between(now, f.last.plus(delay(f.count - limit.free(), limit.cap())));
          wait = left.compareTo(wait) > 0 ? left : wait;
          busy |= f.inFlight > 0; // past the free ones, one attempt at a time
        } else {
          busy |= f.count + f.inFlight >= limit.free();
        }
      }
      if (!wait.isZero()) {
        return new Attempt(this, List.of(), wait);
      }
      if (!busy) {
        for (Limit limit : limits) {
          failures.computeIfAbsent(limit.key(), k -> new Failures(now)).inFlight++;
        }
        if (failures.size() > MAX_KEYS) {
          prune(now);
        }
        return new Attempt(this, limits, Duration.ZERO);
      }
      long left = deadline - System.nanoTime();
      if (left <= 0 || waiting >= MAX_WAITING) {
        return new Attempt(this, List.of(), BASE_DELAY);
      }
      awaitChange(left);
    }
  }

  private void awaitChange(long nanos) {
    waiting++;
    try {
      wait(Math.max(1, nanos / 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to check a password", e);
    } finally {
      waiting--;
    }
  }

  /** The key's state, forgotten (and so fresh) a window after its last failure. */
  private Failures current(String key, Instant now) {
    Failures f = failures.get(key);
    if (f != null && f.inFlight == 0 && f.last.plus(WINDOW).isBefore(now)) {
      failures.remove(key);
      f = null;
    }
    return f != null ? f : new Failures(now);
  }

  /** Keys held; for tests and metrics. */
  synchronized int size() {
    return failures.size();
  }

  /** BASE_DELAY × 2^extra, at most {@code cap}. */
  static Duration delay(int extra, Duration cap) {
    if (extra >= 30) {
      return cap;
    }
    Duration d = BASE_DELAY.multipliedBy(1L << extra);
    return d.compareTo(cap) > 0 ? cap : d;
  }

  /** The attempt's password was right: the account's failures are forgiven. */
  private synchronized void succeeded(List<Limit> limits) {
    for (Limit limit : limits) {
      Failures f = failures.get(limit.key());
      if (f == null) {
        continue;
      }
      f.inFlight--;
      if (!limit.key().startsWith("a:")) {
        f.count = 0;
      }
      if (f.count == 0 && f.inFlight == 0) {
        failures.remove(limit.key());
      }
    }
    notifyAll();
  }

  /** The attempt's password was wrong: a failure under each key. */
  private synchronized void failed(List<Limit> limits) {
    Instant now = clock.instant();
    for (Limit limit : limits) {
      Failures f = failures.computeIfAbsent(limit.key(), k -> new Failures(now));
      f.inFlight = Math.max(0, f.inFlight - 1);
      f.count++;
      f.last = now;
    }
    notifyAll();
  }

  /** The check did not happen (e.g. the database failed): the slots are given back. */
  private synchronized void abandoned(List<Limit> limits) {
    for (Limit limit : limits) {
      Failures f = failures.get(limit.key());
      if (f != null) {
        f.inFlight = Math.max(0, f.inFlight - 1);
      }
    }
    notifyAll();
  }

  /** Drops expired keys, then the longest-quiet tenth if that was not enough. */
  private void prune(Instant now) {
    failures.values().removeIf(f -> f.inFlight == 0 && f.last.plus(WINDOW).isBefore(now));
    if (failures.size() > MAX_KEYS) {
      failures.entrySet().stream()
          .sorted(Comparator.comparing(e -> e.getValue().last))
          .limit(MAX_KEYS / 10)
          .map(Map.Entry::getKey)
          .toList()
          .forEach(failures::remove);
    }
  }

  private record Limit(String key, int free, Duration cap) {}

  /** Failures under one key, the time of the last, and the attempts being checked now. */
  private static final class Failures {
    int count;
    int inFlight;
    Instant last;

    Failures(Instant now) {
      this.last = now;
    }
  }

  /**
   * One admitted (or refused) attempt. An admitted one must end with {@link #succeeded()} or {@link
   * #failed()}; {@link #close()} gives its slots back if neither happened.
   */
  public static final class Attempt implements AutoCloseable {
    private final LoginThrottle throttle;
    private final List<Limit> counted;
    private final Duration retryAfter;
    private boolean ended;

    private Attempt(LoginThrottle throttle, List<Limit> counted, Duration retryAfter) {
      this.throttle = throttle;
      this.counted = counted;
      this.retryAfter = retryAfter;
      this.ended = counted.isEmpty();
    }

    public boolean admitted() {
      return retryAfter.isZero();
    }

    /** How long to wait before the next attempt can be admitted; zero when admitted. */
    public Duration retryAfter() {
      return retryAfter;
    }

    /** The password was right: the account's failures are forgiven. */
    public void succeeded() {
      end();
      throttle.succeeded(counted);
    }

    /** The password was wrong. */
    public void failed() {
      end();
      throttle.failed(counted);
    }

    @Override
    public void close() {
      if (!ended) {
        ended = true;
        throttle.abandoned(counted);
      }
    }

    private void end() {
      if (ended) {
        throw new IllegalStateException("this attempt has already ended");
      }
      ended = true;
    }
  }
}
