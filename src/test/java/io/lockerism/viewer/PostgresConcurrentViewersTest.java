package io.lockerism.viewer;

import io.lockerism.config.AppConfig;
import io.lockerism.config.ChainConfig;
import io.lockerism.model.Snapshot;
import io.lockerism.testing.ApiClient;
import io.lockerism.testing.PostgresTestDatabase;
import io.lockerism.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The same concurrency on PostgreSQL, whose row locks and MVCC reads differ from H2's. */
class PostgresConcurrentViewersTest {

  private static TestApp app;
  private static Snapshot snapshot;

  @BeforeAll
  static void start() {
    PostgresTestDatabase.reset();
    app =
        TestApp.start(
            AppConfig.forDataDir(TestApp.tempDir())
                .withHost("127.0.0.1")
                .withPort(0)
                .withChain(ChainConfig.none())
                .withDatabasePoolSize(2)
                .withDatabase(
                    PostgresTestDatabase.url(),
                    PostgresTestDatabase.user(),
                    PostgresTestDatabase.password()));
    snapshot = ApiClient.signUp(app, "pg_reader", "a long postgres password").currentSnapshot();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void tenViewersReadingTheirFeedsAtOnceShareTwoConnections() throws Exception {
    ConcurrentViewersTest.manyViewersReadTheirFeedsAtOnce(app, snapshot, "pg_reader", 10);
  }

  @Test
  void oneViewersConcurrentLikesAndUnlikesFromFourSessionsLoseNothing() throws Exception {
    ConcurrentViewersTest.oneViewerLikesFromSeveralSessionsAtOnce(app, snapshot, "pg_busy", 4);
  }
}
