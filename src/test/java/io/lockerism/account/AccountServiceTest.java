package io.lockerism.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockerism.store.Database;
import io.lockerism.testing.MutableClock;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Accounts on a real in-memory H2 database, on a clock the test moves. */
class AccountServiceTest {

  private static final char[] PASSWORD = "correct horse battery".toCharArray();

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
  private final Database db =
      Database.open(
          "jdbc:h2:mem:accounts-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 2);
  private final AccountService accounts = new AccountService(db, clock);

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void signUpNormalizesTheNameAndRecordsWhen() {
    Account a = accounts.signUp("  Alice.B ", PASSWORD);
    assertEquals("alice.b", a.username());
    assertEquals(clock.instant(), a.createdAt());
    assertEquals(a, accounts.find(a.id()).orElseThrow());
    assertEquals(a, accounts.logIn("ALICE.B", PASSWORD, "10.0.0.1"));
  }

  @Test
  void badNamesShortPasswordsAndTakenNamesAreRefusedClearly() {
    accounts.signUp("bob", PASSWORD);
    assertEquals(
        AccountException.Reason.USERNAME_TAKEN,
        assertThrows(AccountException.class, () -> accounts.signUp("BOB", PASSWORD)).reason());
    for (String bad : new String[] {"ab", "has space", "-dash", "x".repeat(33), ""}) {
      assertEquals(
          AccountException.Reason.INVALID_INPUT,
          assertThrows(AccountException.class, () -> accounts.signUp(bad, PASSWORD)).reason(),
          bad);
    }
    AccountException shortPassword =
        assertThrows(
            AccountException.class, () -> accounts.signUp("carol", "too short".toCharArray()));
    assertTrue(shortPassword.getMessage().contains("10 to 256"), shortPassword.getMessage());
  }

  @Test
  void aWrongPasswordAndAnUnknownNameGetTheSameAnswer() {
    accounts.signUp("dave", PASSWORD);
    AccountException wrong =
        assertThrows(
            AccountException.class,
            () -> accounts.logIn("dave", "not the password".toCharArray(), "10.0.0.2"));
    AccountException unknown =
        assertThrows(AccountException.class, () -> accounts.logIn("nobody", PASSWORD, "10.0.0.2"));
    assertEquals(AccountException.Reason.BAD_CREDENTIALS, wrong.reason());
    assertEquals(wrong.getMessage(), unknown.getMessage());
  }

  @Test
  void repeatedFailuresAreDelayedProgressivelyNotLockedOut() {
    accounts.signUp("erin", PASSWORD);
    for (int i = 0; i < LoginThrottle.FREE_PER_ACCOUNT_AND_ADDRESS; i++) {
      assertThrows(
          AccountException.class,
          () -> accounts.logIn("erin", "wrong password!".toCharArray(), "10.0.0.3"));
    }
    AccountException throttled =
        assertThrows(AccountException.class, () -> accounts.logIn("erin", PASSWORD, "10.0.0.3"));
    assertEquals(AccountException.Reason.THROTTLED, throttled.reason());
    assertEquals(LoginThrottle.BASE_DELAY, throttled.retryAfter());
    assertTrue(throttled.getMessage().contains("2 seconds"), throttled.getMessage());
    assertEquals(
        "erin",
        accounts.logIn("erin", PASSWORD, "10.0.0.4").username(),
        "the right password from another address is not held back");
    clock.advance(LoginThrottle.BASE_DELAY);
    assertEquals(
        "erin",
        accounts.logIn("erin", PASSWORD, "10.0.0.3").username(),
        "after the delay the right password works again");
  }

  @Test
  void wrongCurrentPasswordsInAPasswordChangeAreThrottled() {
    Account a = accounts.signUp("gail", PASSWORD);
    for (int i = 0; i < LoginThrottle.FREE_PER_ACCOUNT_AND_ADDRESS; i++) {
      AccountException wrong =
          assertThrows(
              AccountException.class,
              () ->
                  accounts.changePassword(
                      a.id(), "a wrong guess!".toCharArray(), "new password 123".toCharArray()));
      assertEquals(AccountException.Reason.BAD_CREDENTIALS, wrong.reason());
    }
    AccountException throttled =
        assertThrows(
            AccountException.class,
            () -> accounts.changePassword(a.id(), PASSWORD, "new password 123".toCharArray()));
    assertEquals(AccountException.Reason.THROTTLED, throttled.reason());
  }

  @Test
  void aPasswordChangeNeedsTheCurrentPasswordAndRollsBackWithItsTransaction() {
    Account a = accounts.signUp("frank", PASSWORD);
    char[] next = "a brand new password".toCharArray();
    assertEquals(
        AccountException.Reason.BAD_CREDENTIALS,
        assertThrows(
                AccountException.class,
                () -> accounts.changePassword(a.id(), "not it at all".toCharArray(), next))
            .reason());
    assertEquals(
        AccountException.Reason.INVALID_INPUT,
        assertThrows(
                AccountException.class,
                () -> accounts.changePassword(a.id(), PASSWORD, "short".toCharArray()))
            .reason());

    // Inside a transaction that fails afterwards (e.g. re-sealing the vault), nothing changes.
    assertThrows(
        IllegalStateException.class,
        () ->
            db.inTransaction(
                c -> {
                  accounts.changePassword(a.id(), PASSWORD, next);
                  throw new IllegalStateException("the re-seal failed");
                }));
    assertEquals(a, accounts.logIn("frank", PASSWORD, "10.0.0.4"));

    accounts.changePassword(a.id(), PASSWORD, next);
    assertThrows(AccountException.class, () -> accounts.logIn("frank", PASSWORD, "10.0.0.4"));
    assertEquals(a, accounts.logIn("frank", next, "10.0.0.4"));
  }
}
