package io.lockerism.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockerism.config.AppConfig;
import io.lockerism.config.ChainConfig;
import io.lockerism.model.Snapshot;
import io.lockerism.testing.ApiClient;
import io.lockerism.testing.HttpSession;
import io.lockerism.testing.TestApp;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A new snapshot: built by an operator, and each viewer's Enc(u) rebuilt for it. */
class SnapshotChangeTest {

  private static final String PASSWORD = "a long operator password";

  @Test
  void anOperatorBuildsASnapshotAndViewersMoveToItWithGoneProfilesDroppedFromTheirLikes()
      throws Exception {
    AppConfig config =
        AppConfig.forDataDir(TestApp.tempDir())
            .withHost("127.0.0.1")
            .withPort(0)
            .withChain(ChainConfig.none())
            .withOperators(Set.of("operator"));
    // Operator rights go to accounts that exist when the app starts.
    try (TestApp first = TestApp.start(config.withOperators(Set.of()))) {
      assertEquals(303, first.newSession().signUp("operator", PASSWORD).statusCode());
    }
    try (TestApp app = TestApp.start(config)) {
      ApiClient viewer = ApiClient.signUp(app, "viewer", PASSWORD);
      Snapshot before = viewer.currentSnapshot();
      List<String> liked =
          List.of(before.accountId(10), before.accountId(20), before.accountId(30));
      liked.forEach(viewer::like);

      // The catalog changes: one liked profile is gone.
      try (Connection c =
              DriverManager.getConnection(AppConfig.sharedDbUrl(app.dataDir()), "sa", "");
          PreparedStatement ps = c.prepareStatement("DELETE FROM profiles WHERE account_id = ?")) {
        ps.setString(1, liked.get(1));
        assertEquals(1, ps.executeUpdate());
      }

      HttpSession notOperator = viewer.http();
      assertEquals(403, notOperator.get("/admin").statusCode());

      HttpSession operator = app.newSession();
      assertEquals(303, operator.logIn("operator", PASSWORD).statusCode());
      String token = operator.csrfTokenFrom("/admin");
      String started =
          operator
              .postForm("/admin/snapshots", Map.of("_csrf", token), "HX-Request", "true")
              .body();
      assertTrue(started.contains("<progress"), started);
      String progress = started;
      for (int i = 0; i < 100 && !progress.contains("is now current"); i++) {
        Thread.sleep(100);
        progress = operator.get("/admin/snapshots/progress", "HX-Request", "true").body();
      }
      assertTrue(progress.contains("is now current"), progress);

      Snapshot after = viewer.currentSnapshot();
      assertNotEquals(before.id(), after.id());
      assertEquals(999, after.size());
      assertEquals(
          List.of(liked.get(0), liked.get(2)),
          viewer.likes(),
          "the gone profile dropped out of the like-set");
      Set<String> stillLiked = new HashSet<>(viewer.likes());
      assertEquals(
          FeedWebTest.expected(after, stillLiked, 20),
          viewer.feed(20),
          "Enc(u) was rebuilt for the new snapshot, never mixed with the old one");
      assertFalse(viewer.feed(50).stream().anyMatch(s -> s.accountId().equals(liked.get(1))));
    }
  }
}
