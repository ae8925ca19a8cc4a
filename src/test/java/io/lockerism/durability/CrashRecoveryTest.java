package io.lockerism.durability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockerism.model.PlaintextScorer;
import io.lockerism.model.Snapshot;
import io.lockerism.testing.ApiClient;
import io.lockerism.testing.ApiClient.Scored;
import io.lockerism.testing.HttpSession;
import io.lockerism.testing.TestApp;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Acknowledged means durable: the real server runs as a child process ({@code serve --chain none}
 * on the H2 default URL), viewers like and unlike from several threads, the process is killed with
 * SIGKILL at a random moment, and after each restart every acknowledged change is there and every
 * viewer's feed equals the plaintext reference — for 20 cycles.
 *
 * <p>A request in flight at the kill has an unknown outcome; its profile is left out of that
 * cycle's comparison and the server's state becomes the reference for it.
 */
class CrashRecoveryTest {

  private static final int CYCLES = 20;
  private static final int VIEWERS = 3;
  private static final int THREADS_PER_VIEWER = 2;
  private static final int PROFILES_PER_THREAD = 8;
  private static final String PASSWORD = "a durable crash-test password";

  private final Path dataDir = TestApp.tempDir();
  private final Random random = new Random(9);
  private final Set<String> failures = ConcurrentHashMap.newKeySet();
  private final AtomicLong acknowledgedChanges = new AtomicLong();

  @Test
  void everyAcknowledgedLikeAndUnlikeSurvivesTwentyKills() throws Exception {
    Snapshot snapshot;
    List<Map<String, Boolean>> reference = new ArrayList<>();
    Child child = Child.start(dataDir);
    try {
      for (int v = 0; v < VIEWERS; v++) {
        ApiClient.signUp(child.session(), "crash" + v, PASSWORD); // acknowledged: must survive
        reference.add(new ConcurrentHashMap<>());
      }
      snapshot = ApiClient.logIn(child.session(), "crash0", PASSWORD).currentSnapshot();
      for (int cycle = 0; cycle < CYCLES; cycle++) {
        Set<String> uncertain = ConcurrentHashMap.newKeySet();
        List<Thread> load = startLoad(child, snapshot, reference, uncertain);
        Thread.sleep(200 + random.nextInt(1000));
        child.kill();
        for (Thread t : load) {
          t.join(TimeUnit.SECONDS.toMillis(30));
        }
        assertTrue(failures.isEmpty(), "cycle " + cycle + ": " + failures);
        child = Child.start(dataDir); // the database must open cleanly
        verify(child, snapshot, reference, uncertain, cycle);
      }
      assertTrue(
          acknowledgedChanges.get() >= CYCLES,
          "too little traffic to test anything: "
              + acknowledgedChanges.get()
              + " acknowledged changes");
    } finally {
      child.kill();
    }
  }

  /** One thread per (viewer, slice of profiles): changes per profile stay in order. */
  private List<Thread> startLoad(
      Child child, Snapshot snapshot, List<Map<String, Boolean>> reference, Set<String> uncertain) {
    List<Thread> threads = new ArrayList<>();
    for (int v = 0; v < VIEWERS; v++) {
      ApiClient viewer = ApiClient.logIn(child.session(), "crash" + v, PASSWORD);
      Map<String, Boolean> acknowledged = reference.get(v);
      for (int t = 0; t < THREADS_PER_VIEWER; t++) {
        List<String> ids = new ArrayList<>();
        int first = (v * THREADS_PER_VIEWER + t) * PROFILES_PER_THREAD;
        for (int i = 0; i < PROFILES_PER_THREAD; i++) {
          ids.add(snapshot.accountId(first + i));
        }
        long seed = random.nextLong();
        int owner = v;
        Thread thread = new Thread(() -> churn(viewer, ids, acknowledged, uncertain, owner, seed));
        thread.start();
        threads.add(thread);
      }
    }
    return threads;
  }

  private void churn(
      ApiClient viewer,
      List<String> ids,
      Map<String, Boolean> acknowledged,
      Set<String> uncertain,
      int owner,
      long seed) {
    Random r = new Random(seed);
    while (true) {
      String id = ids.get(r.nextInt(ids.size()));
      boolean like = r.nextBoolean();
      uncertain.add(owner + "/" + id);
      HttpResponse<String> response;
      try {
        response = like ? viewer.likeResponse(id) : viewer.unlikeResponse(id);
      } catch (RuntimeException e) {
        return; // the server died with this request in flight: its outcome is unknown
      }
      if (response.statusCode() != 200) {
        failures.add(
            "a like/unlike failed before the kill: "
                + response.statusCode()
                + " "
                + response.body());
        return;
      }
      acknowledged.put(id, like);
      acknowledgedChanges.incrementAndGet();
      uncertain.remove(owner + "/" + id);
    }
  }

  private static void verify(
      Child child,
      Snapshot snapshot,
      List<Map<String, Boolean>> reference,
      Set<String> uncertain,
      int cycle) {
    for (int v = 0; v < VIEWERS; v++) {
      ApiClient viewer = ApiClient.logIn(child.session(), "crash" + v, PASSWORD);
      Set<String> stored = new HashSet<>(viewer.likes());
      Map<String, Boolean> acknowledged = reference.get(v);
      for (String key : uncertain) {
        String[] parts = key.split("/", 2);
        if (Integer.parseInt(parts[0]) == v) {
          acknowledged.put(parts[1], stored.contains(parts[1])); // either outcome is fine
        }
      }
      Set<String> expected = new HashSet<>();
      acknowledged.forEach(
          (id, liked) -> {
            if (liked) {
              expected.add(id);
            }
          });
      assertEquals(
          expected,
          stored,
          "cycle "
              + cycle
              + ", viewer "
              + v
              + ": every acknowledged change is there, nothing else");
      Set<Integer> indices = new HashSet<>();
      stored.forEach(id -> indices.add(snapshot.indexOf(id)));
      assertEquals(
          expected(snapshot, indices, 20),
          viewer.feed(20),
          "cycle " + cycle + ", viewer " + v + ": the feed decrypts to the plaintext reference");
    }
  }

  private static List<Scored> expected(Snapshot snapshot, Set<Integer> liked, int k) {
    long[] scores = PlaintextScorer.scores(snapshot, liked);
    List<Scored> out = new ArrayList<>();
    for (int i : PlaintextScorer.feed(snapshot, liked, k)) {
      out.add(new Scored(snapshot.accountId(i), scores[i]));
    }
    return out;
  }

  /** The app as a child JVM on the test classpath, as `java -jar lockerism.jar serve` runs. */
  private record Child(Process process, String baseUrl) {

    static Child start(Path dataDir) throws IOException, InterruptedException {
      int port = freePort();
      List<String> command =
          new ArrayList<>(
              List.of(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path")));
      String jna = System.getProperty("jna.library.path");
      if (jna != null) {
        command.add("-Djna.library.path=" + jna);
      }
      command.addAll(
          List.of(
              "io.lockerism.cli.Main",
              "serve",
              "--data-dir",
              dataDir.toString(),
              "--host",
              "127.0.0.1",
              "--port",
              String.valueOf(port),
              "--chain",
              "none"));
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(dataDir.resolve("child-" + port + ".log").toFile())
              .start();
      Child child = new Child(p, "http://127.0.0.1:" + port);
      child.awaitReady();
      return child;
    }

    HttpSession session() {
      return HttpSession.to(baseUrl);
    }

    void awaitReady() throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new AssertionError(
              "the app exited with "
                  + process.exitValue()
                  + " on start; see its log in the data directory");
        }
        try {
          if (session().get("/readyz").statusCode() == 200) {
            return;
          }
        } catch (RuntimeException e) {
          // not listening yet
        }
        Thread.sleep(100);
      }
      throw new AssertionError("the app did not become ready in 120 s");
    }

    void kill() throws InterruptedException {
      process.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
      process.waitFor(30, TimeUnit.SECONDS);
    }

    private static int freePort() throws IOException {
      try (ServerSocket s = new ServerSocket(0)) {
        return s.getLocalPort();
      }
    }
  }
}
