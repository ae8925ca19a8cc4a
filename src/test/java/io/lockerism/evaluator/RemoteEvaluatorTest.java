package io.lockerism.evaluator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.lockerism.engine.HeCiphertext;
import io.lockerism.engine.HeKeyPair;
import io.lockerism.engine.HeQuery;
import io.lockerism.engine.LattigoBgv;
import io.lockerism.engine.NativeEngine;
import io.lockerism.model.PlaintextScorer;
import io.lockerism.model.Snapshot;
import io.lockerism.testing.RandomSnapshots;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The remote evaluator against a real evaluator server on a free port. */
class RemoteEvaluatorTest {

  private static final LattigoBgv BGV = new LattigoBgv(NativeEngine.load());
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  static final String TOKEN = "a test token that is long enough";

  private static EvaluatorServer server;
  private static HeKeyPair keys;

  @BeforeAll
  static void start() {
    server = EvaluatorServer.start("127.0.0.1", 0, BGV, List.of(TOKEN));
    keys = BGV.generateKeys();
  }

  @AfterAll
  static void stop() {
    server.close();
    keys.close();
  }

  @ParameterizedTest
  @CsvSource({"1000, 64", "5000, 64", "777, 128"})
  void remoteScoresEqualLocalScoresEqualPlaintextScores(int n, int d) {
    Snapshot s = RandomSnapshots.random(n * 7L + d, n, d, 4);
    Set<Integer> liked = likes(n, 30, n);
    long[] expected = PlaintextScorer.scores(s, liked);
    try (RemoteEvaluator remote = new RemoteEvaluator(uri(), BGV, TOKEN);
        LocalEvaluator local = new LocalEvaluator(BGV);
        HeQuery u = query(s, liked)) {
      assertArrayEquals(expected, decryptAll(local, s, u), "local");
      assertArrayEquals(expected, decryptAll(remote, s, u), "remote");
    }
  }

  @Test
  void theSnapshotIsUploadedOnceThenReused() {
    Snapshot s = RandomSnapshots.random(99, 300, 64, 4);
    long before = server.uploads();
    try (RemoteEvaluator remote = new RemoteEvaluator(uri(), BGV, TOKEN);
        HeQuery u = query(s, likes(300, 5, 1))) {
      assertFalse(remote.hasSnapshot(s.id()));
      long[] first = decryptAll(remote, s, u);
      long[] second = decryptAll(remote, s, u);
      long[] third = decryptAll(remote, s, u);
      assertArrayEquals(first, second);
      assertArrayEquals(first, third);
      assertEquals(1, remote.uploads());
      assertEquals(before + 1, server.uploads());
      assertTrue(remote.hasSnapshot(s.id()));
    }
    try (RemoteEvaluator another = new RemoteEvaluator(uri(), BGV, TOKEN);
        HeQuery u = query(s, Set.of())) {
      decryptAll(another, s, u);
      assertEquals(0, another.uploads(), "a second client reuses the loaded snapshot");
    }
  }

  @Test
  void malformedOrMismatchedQueriesAreClearJson400s() throws Exception {
    Snapshot s = RandomSnapshots.random(5, 100, 64, 4);
    try (RemoteEvaluator remote = new RemoteEvaluator(uri(), BGV, TOKEN)) {
      remote.upload(s);
    }
    byte[] garbage = new byte[5000];
    new Random(3).nextBytes(garbage);
    HttpResponse<String> r = post("v1/score/" + s.id(), garbage);
    assertEquals(400, r.statusCode());
    assertTrue(r.body().contains("\"code\":\"malformed_query\""), r.body());
    try (HeCiphertext interest = BGV.encrypt(keys.publicKey(), new long[64])) {
      HttpResponse<String> old = post("v1/score/" + s.id(), interest.serialize());
      assertEquals(400, old.statusCode(), "a protocol-1 body (Enc(u)) is refused clearly");
      assertTrue(old.body().contains("malformed_query"), old.body());
    }
    try (HeQuery otherShape = query(RandomSnapshots.random(7, 100, 128, 4), Set.of())) {
      HttpResponse<String> mismatch = post("v1/score/" + s.id(), otherShape.serialize());
      assertEquals(400, mismatch.statusCode(), mismatch.body());
      assertTrue(mismatch.body().contains("query_mismatch"), mismatch.body());
    }
    assertFalse(r.body().contains("Exception") || r.body().contains("at io."), r.body());
    HttpResponse<String> empty = post("v1/score/" + s.id(), new byte[0]);
    assertEquals(400, empty.statusCode(), empty.body());
  }

  @Test
  void unknownSnapshotBadIdAndOversizedBodyAreClientErrors() throws Exception {
    String unknown = "ab".repeat(32);
    HttpResponse<String> r = post("v1/score/" + unknown, new byte[10]);
    assertEquals(404, r.statusCode());
    assertTrue(r.body().contains("unknown_snapshot"), r.body());
    HttpResponse<String> bad = post("v1/score/not-an-id", new byte[10]);
    assertEquals(400, bad.statusCode());
    assertTrue(bad.body().contains("bad_snapshot_id"), bad.body());
    Snapshot s = RandomSnapshots.random(6, 100, 64, 4);
    try (RemoteEvaluator remote = new RemoteEvaluator(uri(), BGV, TOKEN)) {
      remote.upload(s);
    }
    HttpResponse<String> big = post("v1/score/" + s.id(), new byte[(8 << 20) + 1]);
    assertEquals(413, big.statusCode(), big.body());
    assertTrue(big.body().contains("too_large"), big.body());
    HttpResponse<String> head =
        HTTP.send(
            authorized(uri().resolve("/v1/snapshots/" + unknown)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(404, head.statusCode());
  }

  @Test
  void aClientThatAsksBeforeSendingAnOversizedBodyGets413Unsent() throws Exception {
    // What curl does for large bodies: headers with Expect: 100-continue, then wait. A refusal
    // answers at once, and nothing of the 80 MiB need ever be sent.
    try (Socket socket = new Socket("127.0.0.1", uri().getPort())) {
      socket.setSoTimeout(30_000);
      String head =
          "POST /v1/score/"
              + "ab".repeat(32)
              + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
              + TOKEN
              + "\r\nContent-Length: "
              + (80L << 20)
              + "\r\nExpect: 100-continue\r\n\r\n";
      socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      String status = in.readLine();
      assertTrue(status != null && status.startsWith("HTTP/1.1 413"), String.valueOf(status));
    }
  }

  @Test
  void anUploadWhoseHashIsNotThePathIdIs400() throws Exception {
    Snapshot a = RandomSnapshots.random(10, 50, 64, 4);
    Snapshot b = RandomSnapshots.random(11, 50, 64, 4);
    HttpResponse<String> r =
        HTTP.send(
            authorized(uri().resolve("/v1/snapshots/" + b.id()))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(a.canonicalBytes()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(400, r.statusCode());
    assertTrue(r.body().contains("snapshot_id_mismatch"), r.body());
    HttpResponse<String> junk =
        HTTP.send(
            authorized(uri().resolve("/v1/snapshots/" + b.id()))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[] {1, 2, 3}))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(400, junk.statusCode());
    assertTrue(junk.body().contains("malformed_snapshot"), junk.body());
    try (RemoteEvaluator remote = new RemoteEvaluator(uri(), BGV, TOKEN)) {
      assertFalse(remote.hasSnapshot(b.id()));
    }
  }

  @Test
  void aServerThatIsDownIsAnEvaluatorException() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Snapshot s = RandomSnapshots.random(12, 10, 64, 4);
    try (RemoteEvaluator remote =
            new RemoteEvaluator(
                URI.create("http://127.0.0.1:" + port),
                BGV,
                TOKEN,
                Duration.ofSeconds(2),
                Duration.ofSeconds(5));
        HeQuery u = query(s, Set.of())) {
      EvaluatorException e =
          assertThrows(
              EvaluatorException.class,
              () -> remote.score(s, u, (first, rows, reply) -> reply.close()));
      assertTrue(e.getMessage().contains("unreachable"), e.getMessage());
    }
  }

  @Test
  void aServerAnsweringGarbageIsAnEvaluatorException() throws IOException {
    HttpServer garbage = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    garbage.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          byte[] body = "<html>this is not an evaluator</html>".getBytes();
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    garbage.start();
    Snapshot s = RandomSnapshots.random(13, 10, 64, 4);
    try (RemoteEvaluator remote =
            new RemoteEvaluator(
                URI.create("http://127.0.0.1:" + garbage.getAddress().getPort()), BGV, TOKEN);
        HeQuery u = query(s, Set.of())) {
      EvaluatorException e =
          assertThrows(
              EvaluatorException.class,
              () -> remote.score(s, u, (first, rows, reply) -> reply.close()));
      assertTrue(e.getMessage().contains("score stream"), e.getMessage());
    } finally {
      garbage.stop(0);
    }
  }

  @Test
  void theFactoryPicksLocalOrRemote() {
    try (Evaluator local = Evaluators.create(null, TOKEN, BGV);
        Evaluator alsoLocal = Evaluators.create(" ", TOKEN, BGV);
        Evaluator remote = Evaluators.create(uri().toString(), TOKEN, BGV)) {
      assertInstanceOf(LocalEvaluator.class, local);
      assertInstanceOf(LocalEvaluator.class, alsoLocal);
      assertInstanceOf(RemoteEvaluator.class, remote);
    }
    assertThrows(IllegalArgumentException.class, () -> Evaluators.create("ftp://x", TOKEN, BGV));
    assertThrows(IllegalArgumentException.class, () -> Evaluators.create("no scheme", TOKEN, BGV));
  }

  @Test
  void healthz() throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            authorized(uri().resolve("/healthz")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode());
    assertTrue(r.body().contains("ok"));
  }

  /** A request carrying the evaluator's token, as the app sends it. */
  static HttpRequest.Builder authorized(URI uri) {
    return HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + TOKEN);
  }

  private static URI uri() {
    return URI.create("http://127.0.0.1:" + server.port());
  }

  private static HttpResponse<String> post(String path, byte[] body) throws Exception {
    return HTTP.send(
        authorized(uri().resolve("/" + path))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The query a viewer who liked {@code liked} sends for this snapshot. */
  private static HeQuery query(Snapshot s, Set<Integer> liked) {
    int[] u = PlaintextScorer.interest(s, liked);
    long[] values = new long[u.length];
    for (int j = 0; j < u.length; j++) {
      values[j] = u[j];
    }
    try (HeCiphertext interest = BGV.encrypt(keys.publicKey(), values)) {
      return BGV.query(keys.secretKey(), interest, s.d(), BGV.groups(s.size(), s.d()));
    }
  }

  static long[] decryptAll(Evaluator evaluator, Snapshot s, HeQuery q) {
    long[] scores = new long[s.size()];
    int[] next = {0};
    evaluator.score(
        s,
        q,
        (first, rows, reply) -> {
          try (reply) {
            assertEquals(next[0], first, "replies arrive in order");
            long[] part = BGV.decryptReply(keys.secretKey(), q, reply, first, rows);
            System.arraycopy(part, 0, scores, first, rows);
            next[0] = first + rows;
          }
        });
    assertEquals(s.size(), next[0], "every profile scored");
    return scores;
  }

  private static Set<Integer> likes(int n, int count, long seed) {
    Random rng = new Random(seed);
    Set<Integer> liked = new HashSet<>();
    while (liked.size() < Math.min(count, n)) {
      liked.add(rng.nextInt(n));
    }
    return liked;
  }
}
