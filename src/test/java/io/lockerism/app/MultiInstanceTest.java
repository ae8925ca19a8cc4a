package io.lockerism.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lockerism.catalog.SampleCatalogGenerator;
import io.lockerism.cli.Main;
import io.lockerism.config.AppConfig;
import io.lockerism.config.ChainConfig;
import io.lockerism.model.PlaintextScorer;
import io.lockerism.model.Snapshot;
import io.lockerism.testing.ApiClient;
import io.lockerism.testing.ApiClient.Scored;
import io.lockerism.testing.HttpSession;
import io.lockerism.testing.PostgresTestDatabase;
import io.lockerism.testing.TestApp;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two app instances on one PostgreSQL behind a real load balancer (HAProxy, sticky sessions by an
 * inserted cookie, as docs/deployment.md describes): a viewer logged in on either instance sees the
 * same likes and feed, concurrent likes through both lose nothing, a snapshot built by the command
 * line becomes current on both without a restart, and both prove with one shared setup.
 */
class MultiInstanceTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PASSWORD = "a long multi-instance password";
  private static final String NODE_COOKIE = "LKNODE";

  private static TestApp first;
  private static TestApp second;
  private static Process balancer;
  private static String balancerUrl;

  @BeforeAll
  static void start() throws Exception {
    PostgresTestDatabase.reset();
    first = TestApp.start(config());
    second = TestApp.start(config());
    int port = freePort();
    Path cfg = Files.createTempFile("haproxy-", ".cfg");
    Files.writeString(cfg, haproxyConfig(port, first, second));
    balancer =
        new ProcessBuilder(haproxy(), "-db", "-f", cfg.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    awaitListening(port);
    balancerUrl = "http://127.0.0.1:" + port;
  }

  @AfterAll
  static void stop() {
    if (balancer != null) {
      balancer.destroy();
    }
    if (second != null) {
      second.close();
    }
    if (first != null) {
      first.close();
    }
  }

  @Test
  void aViewerSeesTheSameLikesAndFeedOnEitherInstanceAndConcurrentLikesLoseNothing()
      throws Exception {
    ApiClient a = ApiClient.signUp(HttpSession.to(balancerUrl), "two_homes", PASSWORD);
    String nodeA = a.http().cookie(NODE_COOKIE);
    ApiClient b = sessionOnOtherNode(nodeA);
    Snapshot snapshot = a.currentSnapshot();

    a.like(snapshot.accountId(3));
    a.like(snapshot.accountId(40));
    assertEquals(
        new HashSet<>(a.likes()),
        new HashSet<>(b.likes()),
        "likes made on one instance are seen on the other");
    assertEquals(a.feed(20), b.feed(20), "both instances rank the same feed");

    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    List<Callable<Void>> work = new ArrayList<>();
    Set<Integer> liked = new HashSet<>(Set.of(3, 40));
    for (ApiClient viewer : List.of(a, b)) {
      int from = viewer == a ? 100 : 200;
      for (int i = 0; i < 8; i++) {
        liked.add(from + i);
      }
      work.add(
          () -> {
            for (int i = 0; i < 8; i++) {
              int status = viewer.likeResponse(snapshot.accountId(from + i)).statusCode();
              if (status != 200) {
                failures.add("a like answered " + status);
              }
            }
            return null;
          });
    }
    runAll(work);
    assertTrue(failures.isEmpty(), failures.toString());
    Set<String> expectedIds = new HashSet<>();
    liked.forEach(i -> expectedIds.add(snapshot.accountId(i)));
    assertEquals(expectedIds, new HashSet<>(a.likes()), "every like through either instance");
    assertEquals(expected(snapshot, liked), a.feed(20), "Enc(u) holds every like (instance A)");
    assertEquals(expected(snapshot, liked), b.feed(20), "Enc(u) holds every like (instance B)");
    assertEquals(nodeA, a.http().cookie(NODE_COOKIE), "the session stayed on its instance");
  }

  @Test
  void aSnapshotBuiltElsewhereBecomesCurrentOnBothInstancesWithoutARestart() throws Exception {
    String before = currentSnapshot(first);
    assertEquals(before, currentSnapshot(second));
    Path csv = Files.createTempFile("extra-", ".csv");
    try (Writer w = Files.newBufferedWriter(csv)) {
      SampleCatalogGenerator.write(77, 4, w);
    }
    String[] db = {
      "--data-dir",
      TestApp.tempDir().toString(),
      "--db-url",
      PostgresTestDatabase.url(),
      "--db-user",
      PostgresTestDatabase.user()
    };
    cli(concat(new String[] {"import", csv.toString()}, db));
    cli(concat(new String[] {"snapshot", "build"}, db));
    String after = currentSnapshot(first);
    assertNotEquals(before, after);
    assertEquals(after, currentSnapshot(second), "the other instance adopts it too");
  }

  @Test
  void bothInstancesProveWithTheOneSetupTheChainWouldVerify() {
    Snapshot current = first.app().components().snapshots().current();
    String a = first.app().components().provers().forSnapshot(current).setupInfo().vkSha256();
    String b = second.app().components().provers().forSnapshot(current).setupInfo().vkSha256();
    assertEquals(a, b, "each has its own prover cache, yet one setup between them");
  }

  private static AppConfig config() {
    return AppConfig.forDataDir(TestApp.tempDir())
        .withHost("127.0.0.1")
        .withPort(0)
        .withChain(ChainConfig.none())
        .withDatabase(
            PostgresTestDatabase.url(),
            PostgresTestDatabase.user(),
            PostgresTestDatabase.password())
        .withProverCacheDir(TestApp.tempDir()); // each its own, as on two machines
  }

  /** HAProxy inserts a cookie naming the instance: the unlocked key lives only there. */
  private static String haproxyConfig(int port, TestApp a, TestApp b) {
    return String.join(
        "\n",
        "global",
        "  maxconn 256",
        "defaults",
        "  mode http",
        "  timeout connect 5s",
        "  timeout client 60s",
        "  timeout server 60s",
        "frontend web",
        "  bind 127.0.0.1:" + port,
        "  default_backend apps",
        "backend apps",
        "  balance roundrobin",
        "  cookie " + NODE_COOKIE + " insert indirect nocache httponly",
        "  server a " + a.baseUrl().substring("http://".length()) + " cookie a",
        "  server b " + b.baseUrl().substring("http://".length()) + " cookie b",
        "");
  }

  /** A new log-in of the same viewer that the balancer placed on the other instance. */
  private static ApiClient sessionOnOtherNode(String node) {
    for (int i = 0; i < 10; i++) {
      ApiClient c = ApiClient.logIn(HttpSession.to(balancerUrl), "two_homes", PASSWORD);
      if (!node.equals(c.http().cookie(NODE_COOKIE))) {
        return c;
      }
    }
    throw new AssertionError("the balancer never placed a session on the other instance");
  }

  private static String currentSnapshot(TestApp app) throws Exception {
    return JSON.readTree(app.newSession().get("/api/v1/snapshots/current").body())
        .get("id")
        .asText();
  }

  private static List<Scored> expected(Snapshot snapshot, Set<Integer> liked) {
    long[] scores = PlaintextScorer.scores(snapshot, liked);
    List<Scored> out = new ArrayList<>();
    for (int i : PlaintextScorer.feed(snapshot, liked, 20)) {
      out.add(new Scored(snapshot.accountId(i), scores[i]));
    }
    return out;
  }

  private static void runAll(List<Callable<Void>> work) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(work.size());
    try {
      for (Future<Void> f : pool.invokeAll(work)) {
        f.get(5, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static void cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    assertEquals(0, exit, out + "\n" + err);
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static String haproxy() {
    for (String candidate : List.of("/usr/sbin/haproxy", "/usr/bin/haproxy")) {
      if (Files.isExecutable(Path.of(candidate))) {
        return candidate;
      }
    }
    return "haproxy";
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static void awaitListening(int port) throws Exception {
    for (int i = 0; i < 100; i++) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    throw new AssertionError("HAProxy did not start listening");
  }
}
