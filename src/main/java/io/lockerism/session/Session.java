package io.lockerism.session;

import io.lockerism.account.Account;
import java.time.Instant;

/**
 * A browser or API session. Anonymous sessions exist so that log-in and sign-up forms carry a CSRF
 * token too. Instances are immutable; the store replaces them.
 *
 * @param pendingLike the account id of a like pressed before logging in, applied at log-in; kept
 *     here, in memory, so that it never travels in a URL (null when there is none)
 */
public record Session(
    String id,
    String csrfToken,
    Account account,
    Instant createdAt,
    Instant lastSeen,
    String pendingLike) {

  public boolean isAuthenticated() {
    return account != null;
  }

  Session touchedAt(Instant now) {
    return new Session(id, csrfToken, account, createdAt, now, pendingLike);
  }

  Session withPendingLike(String accountId) {
    return new Session(id, csrfToken, account, createdAt, lastSeen, accountId);
  }
}
