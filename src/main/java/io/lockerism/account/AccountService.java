package io.lockerism.account;

import io.lockerism.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Sign-up and log-in: Argon2id password hashes in the accounts table, throttled log-ins. */
public final class AccountService {

  public static final int MIN_PASSWORD_LENGTH = 10;
  public static final int MAX_PASSWORD_LENGTH = 256;
  private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{2,31}");

  /** Verified against when a username is unknown, so timing does not reveal which exist. */
  private static final String DUMMY_HASH =
      new PasswordHasher().hash("not-a-real-password".toCharArray());

  private final Database db;
  private final PasswordHasher hasher = new PasswordHasher();
  private final LoginThrottle throttle;
  private final Clock clock;

  public AccountService(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
    this.throttle = new LoginThrottle(clock);
  }

  public Account signUp(String rawUsername, char[] password) {
    String username = normalize(rawUsername);
    if (!USERNAME.matcher(username).matches()) {
      throw new AccountException(
          AccountException.Reason.INVALID_INPUT,
          "Username must be 3–32 characters: letters, digits, '.', '_' or '-'.");
    }
    if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
      throw new AccountException(
          AccountException.Reason.INVALID_INPUT,
          "Password must be "
              + MIN_PASSWORD_LENGTH
              + " to "
              + MAX_PASSWORD_LENGTH
              + " characters long.");
    }
    String hash = hasher.hash(password);
    Instant now = clock.instant();
    return db.inTransaction(
        c -> {
          if (findHash(c, username).isPresent()) {
            throw new AccountException(
                AccountException.Reason.USERNAME_TAKEN, "That username is taken.");
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO accounts (username, password_hash, created_at) VALUES (?, ?, ?)",
                  Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, username);
            ps.setString(2, hash);
            ps.setObject(3, now.atOffset(ZoneOffset.UTC));
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
              keys.next();
              return new Account(keys.getLong(1), username, now);
            }
          }
        });
  }

  /** Checks credentials; throws with a message that does not say which part was wrong. */
  public Account logIn(String rawUsername, char[] password, String clientAddress) {
    String username = normalize(rawUsername);
    try (LoginThrottle.Attempt attempt = throttle.admit(username, clientAddress)) {
      if (!attempt.admitted()) {
        throw throttled(attempt);
      }
      Optional<StoredAccount> stored = db.withConnection(c -> findHash(c, username));
      boolean ok =
          hasher.verify(password, stored.map(StoredAccount::hash).orElse(DUMMY_HASH))
              && stored.isPresent();
      if (!ok) {
        attempt.failed();
        throw new AccountException(
            AccountException.Reason.BAD_CREDENTIALS, "Wrong username or password.");
      }
      attempt.succeeded();
      return stored.get().account();
    }
  }

  private static AccountException throttled(LoginThrottle.Attempt attempt) {
    Duration wait = attempt.retryAfter();
    long seconds = Math.max(1, wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0));
    String when = seconds < 120 ? seconds + " seconds" : (seconds + 59) / 60 + " minutes";
    return new AccountException(
        AccountException.Reason.THROTTLED,
        "Too many failed attempts. Try again in " + when + ".",
        Duration.ofSeconds(seconds));
  }

  /**
   * Changes a password after checking the current one. In the caller's transaction when there is
   * one (the viewer's vault is re-sealed in the same one), so both change or neither.
   */
  public void changePassword(long accountId, char[] current, char[] replacement) {
    if (replacement.length < MIN_PASSWORD_LENGTH || replacement.length > MAX_PASSWORD_LENGTH) {
      throw new AccountException(
          AccountException.Reason.INVALID_INPUT,
          "Password must be "
              + MIN_PASSWORD_LENGTH
              + " to "
              + MAX_PASSWORD_LENGTH
              + " characters long.");
    }
    try (LoginThrottle.Attempt attempt = throttle.admitPasswordChange(accountId)) {
      if (!attempt.admitted()) {
        throw throttled(attempt);
      }
      String newHash = hasher.hash(replacement);
      db.inTransaction(
          c -> {
            if (!hasher.verify(current, lockedHash(c, accountId))) {
              attempt.failed();
              throw new AccountException(
                  AccountException.Reason.BAD_CREDENTIALS, "The current password is wrong.");
            }
            try (PreparedStatement ps =
                c.prepareStatement("UPDATE accounts SET password_hash = ? WHERE id = ?")) {
              ps.setString(1, newHash);
              ps.setLong(2, accountId);
              ps.executeUpdate();
            }
            return null;
          });
      attempt.succeeded();
    }
  }

  private static String lockedHash(java.sql.Connection c, long accountId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT password_hash FROM accounts WHERE id = ? FOR UPDATE")) {
      ps.setLong(1, accountId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new AccountException(AccountException.Reason.BAD_CREDENTIALS, "No such account.");
        }
        return rs.getString(1);
      }
    }
  }

  public Optional<Account> find(long id) {
    return db.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT id, username, created_at FROM accounts WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(account(rs)) : Optional.<Account>empty();
            }
          }
        });
  }

  /** The account with this username (compared as usernames are stored: lower-cased). */
  public Optional<Account> findByUsername(String rawUsername) {
    String username = normalize(rawUsername);
    return db.withConnection(c -> findHash(c, username).map(StoredAccount::account));
  }

  private static Optional<StoredAccount> findHash(java.sql.Connection c, String username)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT id, username, created_at, password_hash FROM accounts WHERE username = ?")) {
      ps.setString(1, username);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? Optional.of(new StoredAccount(account(rs), rs.getString("password_hash")))
            : Optional.empty();
      }
    }
  }

  private static Account account(ResultSet rs) throws SQLException {
    return new Account(
        rs.getLong("id"),
        rs.getString("username"),
        rs.getObject("created_at", java.time.OffsetDateTime.class).toInstant());
  }

  private static String normalize(String username) {
    return username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
  }

  private record StoredAccount(Account account, String hash) {}
}
