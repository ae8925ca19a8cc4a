package io.lockerism.session;

import io.lockerism.account.Account;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Server-side sessions kept in memory, keyed by an unguessable 256-bit id. Sessions end on log-out,
 * after an idle timeout or after an absolute lifetime; listeners hear of every end so that
 * per-session secrets (the locker's unsealed keys) are wiped with it.
 */
public final class SessionStore {

  public static final Duration ABSOLUTE_LIFETIME = Duration.ofHours(12);

  /** Bounds memory under a flood of anonymous visitors; the oldest idle ones go first. */
  public static final int MAX_SESSIONS = 100_000;

  private final Clock clock;
  private final Duration idleTimeout;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final List<Consumer<Session>> endListeners = new CopyOnWriteArrayList<>();

  public SessionStore(Clock clock, Duration idleTimeout) {
    this.clock = clock;
    this.idleTimeout = idleTimeout;
  }

  public void onSessionEnd(Consumer<Session> listener) {
    endListeners.add(listener);
  }

  /** The live session with this id, refreshed; empty when unknown or expired (and then ended). */
  public Optional<Session> find(String id) {
    if (id == null) {
      return Optional.empty();
    }
    Session s = sessions.get(id);
    if (s == null) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    if (isExpired(s, now)) {
      end(id);
      return Optional.empty();
    }
    Session touched = s.touchedAt(now);
    sessions.replace(id, s, touched);
    return Optional.of(touched);
  }

  public Session createAnonymous() {
    return create(null);
  }

  /**
   * Starts an authenticated session, ending the previous one: a fresh id and CSRF token at log-in
   * defeat session fixation.
   */
  public Session logIn(String previousId, Account account) {
    if (previousId != null) {
      end(previousId);
    }
    return create(account);
  }

  /**
   * Keeps a like pressed while logged out (or after the session ended) in session {@code id}, to be
   * applied when the viewer logs in; empty when the session is gone.
   */
  public Optional<Session> holdLike(String id, String accountId) {
    return Optional.ofNullable(
        sessions.computeIfPresent(id, (key, s) -> s.withPendingLike(accountId)));
  }

  public void end(String id) {
    Session removed = id == null ? null : sessions.remove(id);
    if (removed != null) {
      endListeners.forEach(l -> l.accept(removed));
    }
  }

  /**
   * Ends every session of account {@code accountId} except {@code keepId}: after a password change,
   * whoever held the old password in another browser is logged out.
   */
  public int endOthers(long accountId, String keepId) {
    int ended = 0;
    for (Session s : sessions.values()) {
      if (s.isAuthenticated() && s.account().id() == accountId && !s.id().equals(keepId)) {
        end(s.id());
        ended++;
      }
    }
    return ended;
  }

  /** Ends every expired session; called periodically. */
  public int sweep() {
    Instant now = clock.instant();
    int ended = 0;
    for (Session s : sessions.values()) {
      if (isExpired(s, now)) {
        end(s.id());
        ended++;
      }
    }
    return ended;
  }

  public int size() {
    return sessions.size();
  }

  private Session create(Account account) {
    if (sessions.size() >= MAX_SESSIONS) {
      evictOldestAnonymous();
    }
    Instant now = clock.instant();
    Session s = new Session(token(), token(), account, now, now, null);
    sessions.put(s.id(), s);
    return s;
  }

  private void evictOldestAnonymous() {
    sessions.values().stream()
        .filter(s -> !s.isAuthenticated())
        .min(java.util.Comparator.comparing(Session::lastSeen))
        .ifPresent(s -> end(s.id()));
  }

  private boolean isExpired(Session s, Instant now) {
    return s.lastSeen().plus(idleTimeout).isBefore(now)
        || s.createdAt().plus(ABSOLUTE_LIFETIME).isBefore(now);
  }

  private String token() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
