package io.lockerism.locker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockerism.app.Components;
import io.lockerism.config.AppConfig;
import io.lockerism.config.ChainConfig;
import io.lockerism.interest.InterestStore;
import io.lockerism.interest.ViewerInterest;
import io.lockerism.model.LikeAction;
import io.lockerism.model.Snapshot;
import io.lockerism.testing.ApiClient;
import io.lockerism.testing.HttpSession;
import io.lockerism.testing.MutableClock;
import io.lockerism.testing.TestAccounts;
import io.lockerism.testing.TestApp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Key custody: sealed by the password, unlocked per session, wiped at its end. */
class LockerSessionTest {

  private static final String PASSWORD = "the right password";

  @Test
  void aWrongPasswordCannotUnsealTheVault() {
    Path dir = TestApp.tempDir();
    try (Components parts = Components.of(AppConfig.forDataDir(dir))) {
      parts.catalog().importSampleIfEmpty();
      Snapshot snapshot = parts.snapshots().current();
      Locker locker = parts.locker();
      InterestStore interests = parts.interests();
      long accountId = TestAccounts.insert(parts.database(), "direct");
      Vault first = locker.unlock("session-1", accountId, PASSWORD.toCharArray());
      interests.ensureCreated(first, snapshot);
      interests.apply(first, snapshot, 5, LikeAction.LIKE).close();

      SealException wrong =
          assertThrows(
              SealException.class,
              () -> locker.unlock("session-2", accountId, "not the password".toCharArray()));
      assertTrue(wrong.getMessage().contains("does not open"));
      assertFalse(locker.isUnlocked("session-2"));

      Vault again = locker.unlock("session-3", accountId, PASSWORD.toCharArray());
      try (ViewerInterest interest = interests.read(again, snapshot)) {
        assertEquals(List.of(snapshot.accountId(5)), interest.likedAccountIds());
      }
      locker.lock("session-3");
      assertTrue(locker.vault("session-3").isEmpty(), "locking forgets the vault");
      assertThrows(
          IllegalStateException.class,
          () -> again.openLikes(new byte[40]),
          "a locked vault's key is wiped: nothing opens with it");
    }
  }

  @Test
  void sessionExpiryLocksTheVaultAndLoggingInAgainKeepsTheLikes() {
    AppConfig config =
        AppConfig.forDataDir(TestApp.tempDir())
            .withHost("127.0.0.1")
            .withPort(0)
            .withChain(ChainConfig.none())
            .withSessionIdleTimeout(Duration.ofMinutes(30));
    MutableClock clock = new MutableClock();
    try (TestApp app = TestApp.start(config, clock)) {
      ApiClient viewer = ApiClient.signUp(app, "sleepy", PASSWORD);
      String liked = viewer.currentSnapshot().accountId(42);
      viewer.like(liked);
      clock.advance(Duration.ofMinutes(29));
      assertEquals(List.of(liked), viewer.likes(), "still within the idle timeout");
      clock.advance(Duration.ofMinutes(31));
      assertEquals(401, viewer.http().get("/api/v1/likes").statusCode(), "expired");
      assertEquals(0, app.app().sessions().size(), "the expired session is gone");
      ApiClient again = ApiClient.logIn(app, "sleepy", PASSWORD);
      assertEquals(List.of(liked), again.likes());
    }
  }

  @Test
  void changingThePasswordResealsTheVaultAndKeepsTheLikes() {
    try (TestApp app = TestApp.withSample()) {
      HttpSession browser = app.newSession();
      browser.signUp("rotator", PASSWORD);
      ApiClient api = ApiClient.logIn(app, "rotator", PASSWORD);
      String liked = api.currentSnapshot().accountId(9);
      api.like(liked);

      String token = browser.csrfTokenFrom("/account");
      String wrong =
          browser
              .postForm(
                  "/account/password",
                  Map.of(
                      "_csrf",
                      token,
                      "currentPassword",
                      "not my password",
                      "newPassword",
                      "a brand new password"))
              .body();
      assertTrue(wrong.contains("The current password is wrong."));
      String ok =
          browser
              .postForm(
                  "/account/password",
                  Map.of(
                      "_csrf",
                      token,
                      "currentPassword",
                      PASSWORD,
                      "newPassword",
                      "a brand new password"))
              .body();
      assertTrue(ok.contains("Your password is changed."));

      assertEquals(401, app.newSession().logIn("rotator", PASSWORD).statusCode());
      ApiClient after = ApiClient.logIn(app, "rotator", "a brand new password");
      assertEquals(List.of(liked), after.likes());
    }
  }
}
