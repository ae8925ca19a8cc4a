package io.lockerism.evaluator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockerism.engine.LattigoBgv;
import io.lockerism.engine.NativeEngine;
import io.lockerism.model.Snapshot;
import io.lockerism.testing.RandomSnapshots;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Who may use an evaluator and how much: a token on every /v1 request, sizes capped before bodies
 * are read, and snapshot slots per client so one cannot push out another's snapshots.
 */
class EvaluatorAccessTest {

  private static final LattigoBgv BGV = new LattigoBgv(NativeEngine.load());
  private static final String APP = "the app's token, long enough";
  private static final String OTHER = "another client's token here";
  private static final long LIMIT = 1 << 20;
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static EvaluatorServer server;

  @BeforeAll
  static void start() {
    server = EvaluatorServer.start("127.0.0.1", 0, BGV, List.of(APP, OTHER), LIMIT);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  private static HttpResponse<String> put(String id, byte[] body, String token) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri("/v1/snapshots/" + id))
            .PUT(HttpRequest.BodyPublishers.ofByteArray(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void withoutTheTokenNothingIsTakenOrTold() throws Exception {
    Snapshot s = RandomSnapshots.random(41, 40, 64, 4);
    long before = server.uploads();
    for (String token : new String[] {null, "a wrong token of some length", APP + "x"}) {
      HttpResponse<String> r = put(s.id(), s.canonicalBytes(), token);
      assertEquals(401, r.statusCode(), r.body());
      assertTrue(r.body().contains("unauthorized"), r.body());
    }
    assertEquals(
        401,
        HTTP.send(
                HttpRequest.newBuilder(uri("/v1/snapshots/" + s.id())).build(),
                HttpResponse.BodyHandlers.ofString())
            .statusCode());
    assertEquals(
        401,
        HTTP.send(
                HttpRequest.newBuilder(uri("/v1/score/" + s.id()))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[100]))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .statusCode());
    assertEquals(before, server.uploads());
    assertEquals(201, put(s.id(), s.canonicalBytes(), APP).statusCode());
    assertEquals(
        200,
        HTTP.send(
                HttpRequest.newBuilder(uri("/healthz")).build(),
                HttpResponse.BodyHandlers.ofString())
            .statusCode(),
        "health needs no token");
    try (RemoteEvaluator wrong = new RemoteEvaluator(uri("/"), BGV, "not the evaluator's token")) {
      EvaluatorException e =
          assertThrows(EvaluatorException.class, () -> wrong.hasSnapshot(s.id()));
      assertTrue(e.getMessage().contains("token"), e.getMessage());
    }
  }

  @Test
  void aDeclaredOversizeIsRefusedBeforeTheBodyIsSent() throws Exception {
    String id = "ab".repeat(32);
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("PUT /v1/snapshots/"
                  + id
                  + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                  + APP
                  + "\r\nContent-Length: 300000000\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      // Not one byte of the 300 MB body is sent: the answer comes from the header alone.
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      assertEquals("HTTP/1.1 413 Payload Too Large", in.readLine());
    }
  }

  @Test
  void aChunkedBodyIsReadOnlyUpToTheLimit() throws Exception {
    String id = "cd".repeat(32);
    long[] sent = {0};
    InputStream endless =
        new InputStream() {
          @Override
          public int read() {
            sent[0]++;
            return 7;
          }

          @Override
          public int read(byte[] b, int off, int len) {
            int n = Math.min(len, 64 * 1024);
            java.util.Arrays.fill(b, off, off + n, (byte) 7);
            sent[0] += n;
            return sent[0] > 50 * LIMIT ? -1 : n;
          }
        };
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(uri("/v1/snapshots/" + id))
                .header("Authorization", "Bearer " + APP)
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> endless))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(413, r.statusCode(), r.body());
    assertTrue(r.body().contains("too_large"), r.body());
  }

  @Test
  void aClientCannotPushOutAnotherClientsSnapshot() throws Exception {
    Snapshot mine = RandomSnapshots.random(51, 30, 64, 4);
    assertEquals(201, put(mine.id(), mine.canonicalBytes(), APP).statusCode());
    for (int i = 0; i < EvaluatorServer.KEEP_SNAPSHOTS + 3; i++) {
      Snapshot theirs = RandomSnapshots.random(60 + i, 30, 64, 4);
      assertEquals(201, put(theirs.id(), theirs.canonicalBytes(), OTHER).statusCode());
    }
    try (RemoteEvaluator app = new RemoteEvaluator(uri("/"), BGV, APP)) {
      assertTrue(app.hasSnapshot(mine.id()), "still loaded for the app");
    }
    Snapshot first = RandomSnapshots.random(60, 30, 64, 4);
    try (RemoteEvaluator other = new RemoteEvaluator(uri("/"), BGV, OTHER)) {
      assertTrue(!other.hasSnapshot(first.id()), "the other client's own oldest was let go");
    }
  }
}
