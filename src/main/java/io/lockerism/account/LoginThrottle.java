package io.lockerism.account;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed log-ins per username and per client address in a sliding window and refuses
 * further attempts once either exceeds its limit, which slows password guessing to a crawl.
 */
public final class LoginThrottle {

  public static final int MAX_FAILURES_PER_USER = 5;
  public static final int MAX_FAILURES_PER_ADDRESS = 20;
  public static final Duration WINDOW = Duration.ofMinutes(15);

  private final Clock clock;
  private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

  public LoginThrottle(Clock clock) {
    this.clock = clock;
  }

  /** How long the caller must wait before trying again; zero when an attempt is allowed. */
  public Duration retryAfter(String username, String address) {
    Duration forUser = wait("u:" + username, MAX_FAILURES_PER_USER);
    Duration forAddress = wait("a:" + address, MAX_FAILURES_PER_ADDRESS);
    return forUser.compareTo(forAddress) >= 0 ? forUser : forAddress;
  }

  public void recordFailure(String username, String address) {
    Instant now = clock.instant();
    for (String key : new String[] {"u:" + username, "a:" + address}) {
      Deque<Instant> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
      synchronized (times) {
        times.addLast(now);
      }
    }
  }

  public void recordSuccess(String username) {
    failures.remove("u:" + username);
  }

  private Duration wait(String key, int limit) {
    Deque<Instant> times = failures.get(key);
    if (times == null) {
      return Duration.ZERO;
    }
    Instant cutoff = clock.instant().minus(WINDOW);
    synchronized (times) {
      while (!times.isEmpty() && times.peekFirst().isBefore(cutoff)) {
        times.removeFirst();
      }
      if (times.size() < limit) {
        return Duration.ZERO;
      }
      return Duration.between(cutoff, times.peekFirst());
    }
  }
}
