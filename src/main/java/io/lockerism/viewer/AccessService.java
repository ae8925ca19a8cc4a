package io.lockerism.viewer;

import io.lockerism.account.Account;
import io.lockerism.account.AccountService;
import io.lockerism.interest.InterestStore;
import io.lockerism.locker.Locker;
import io.lockerism.locker.Vault;
import io.lockerism.session.Session;
import io.lockerism.session.SessionStore;
import io.lockerism.snapshot.SnapshotService;
import io.lockerism.store.Database;
import java.util.Set;

/**
 * Signing up, logging in and out, and changing a password. A log-in checks the password, starts a
 * fresh session (a new id and CSRF token, ending the one the request came with: no session
 * fixation), and unlocks the viewer's vault into it; a password change re-seals the vault key in
 * the same transaction as the new password hash.
 */
public final class AccessService {

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(AccessService.class);

  private final Database db;
  private final AccountService accounts;
  private final SessionStore sessions;
  private final Locker locker;
  private final InterestStore interests;
  private final SnapshotService snapshots;

  /** Account ids, not names: a name nobody holds yet could otherwise be registered later. */
  private final Set<Long> operators;

  /**
   * @param operators usernames that may operate the app (build snapshots); bound here, once, to the
   *     accounts that hold them now. A name with no account grants nothing (and is logged).
   */
  public AccessService(
      Database db,
      AccountService accounts,
      SessionStore sessions,
      Locker locker,
      InterestStore interests,
      SnapshotService snapshots,
      Set<String> operators) {
    this.db = db;
    this.accounts = accounts;
    this.sessions = sessions;
    this.locker = locker;
    this.interests = interests;
    this.snapshots = snapshots;
    this.operators = bindOperators(accounts, operators);
  }

  /**
   * Creates an account and logs it in.
   *
   * @param previousSessionId the session the request came with, ended here (may be null)
   */
  public Session signUp(String username, char[] password, String previousSessionId) {
    Account account = accounts.signUp(username, password);
    return startSession(account, password, previousSessionId);
  }

  /** Checks the password (throttled per user and address) and logs the account in. */
  public Session logIn(
      String username, char[] password, String clientAddress, String previousSessionId) {
    Account account = accounts.logIn(username, password, clientAddress);
    return startSession(account, password, previousSessionId);
  }

  /**
   * Changes the viewer's password and re-seals their vault key under it, atomically; then ends the
   * account's other sessions, which were opened with the old password.
   */
  public void changePassword(Session viewer, char[] current, char[] replacement) {
    long id = viewer.account().id();
    db.inTransaction(
        c -> {
          accounts.changePassword(id, current, replacement);
          locker.reseal(id, current, replacement);
          return null;
        });
    sessions.endOthers(id, viewer.id());
  }

  /** Ends the session; its vault is locked (wiped) with it. */
  public void logOut(String sessionId) {
    sessions.end(sessionId);
  }

  /** Whether the session's account may operate the app. */
  public boolean isOperator(Session session) {
    return session != null
        && session.isAuthenticated()
        && operators.contains(session.account().id());
  }

  private static Set<Long> bindOperators(AccountService accounts, Set<String> names) {
    Set<Long> ids = new java.util.HashSet<>();
    for (String name : names) {
      java.util.Optional<Account> account = accounts.findByUsername(name);
      if (account.isPresent()) {
        ids.add(account.get().id());
        LOG.info("Operator: {} (account {})", account.get().username(), account.get().id());
      } else {
        LOG.warn(
            "--operator {}: no account has this name, so it grants nothing. Operator rights"
                + " are bound to existing accounts at start: sign the account up, then restart.",
            name.strip());
      }
    }
    return Set.copyOf(ids);
  }

  /** A fresh session whose vault is unlocked with the password just checked. */
  private Session startSession(Account account, char[] password, String previousSessionId) {
    Session session = sessions.logIn(previousSessionId, account);
    try {
      Vault vault = locker.unlock(session.id(), account.id(), password);
      interests.ensureCreated(vault, snapshots.current());
      return session;
    } catch (RuntimeException e) {
      sessions.end(session.id());
      throw e;
    }
  }
}
