package io.lockerism.session;

import io.lockerism.account.Account;
import java.time.Instant;

/**
 * A browser or API session. Anonymous sessions exist so that log-in and sign-up forms carry a CSRF
 * token too. Instances are immutable; the store replaces them.
 */
public record Session(
    String id, String csrfToken, Account account, Instant createdAt, Instant lastSeen) {

  public boolean isAuthenticated() {
    return account != null;
  }

  Session touchedAt(Instant now) {
    return new Session(id, csrfToken, account, createdAt, now);
  }
}
