package io.lockerism.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockerism.config.AppConfig;
import io.lockerism.config.ChainConfig;
import io.lockerism.engine.LattigoBgv;
import io.lockerism.engine.NativeEngine;
import io.lockerism.evaluator.EvaluatorServer;
import io.lockerism.model.Snapshot;
import io.lockerism.testing.ApiClient;
import io.lockerism.testing.TestApp;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** serve --evaluator-url: ciphertexts go to a separate evaluator; the feed is the same. */
class RemoteEvaluatorFeedTest {

  private static final String PASSWORD = "a long remote password";
  private static final String TOKEN = "the app's evaluator token";

  @Test
  void theRemoteEvaluatorGivesTheSameFeedAsInProcess() {
    try (EvaluatorServer evaluator =
            EvaluatorServer.start(
                "127.0.0.1", 0, new LattigoBgv(NativeEngine.load()), java.util.List.of(TOKEN));
        TestApp remote =
            TestApp.start(
                AppConfig.forDataDir(TestApp.tempDir())
                    .withHost("127.0.0.1")
                    .withPort(0)
                    .withEvaluatorUrl("http://127.0.0.1:" + evaluator.port())
                    .withSecurity(
                        io.lockerism.config.SecurityConfig.defaults().withEvaluatorToken(TOKEN))
                    .withChain(ChainConfig.none()));
        TestApp local = TestApp.withSample()) {
      ApiClient viaRemote = ApiClient.signUp(remote, "remote_viewer", PASSWORD);
      ApiClient viaLocal = ApiClient.signUp(local, "local_viewer", PASSWORD);
      Snapshot snapshot = viaRemote.currentSnapshot();
      assertEquals(snapshot.id(), viaLocal.currentSnapshot().id(), "same sample, same snapshot");
      List<String> liked =
          List.of(snapshot.accountId(11), snapshot.accountId(222), snapshot.accountId(333));
      liked.forEach(viaRemote::like);
      liked.forEach(viaLocal::like);

      var feed = viaRemote.feed(20);
      assertEquals(viaLocal.feed(20), feed);
      assertEquals(FeedWebTest.expected(snapshot, Set.copyOf(liked), 20), feed);
      assertTrue(evaluator.scoreRequests() >= 1, "scored by the remote process");
      assertEquals(1, evaluator.uploads(), "the public snapshot was uploaded once");
    }
  }
}
