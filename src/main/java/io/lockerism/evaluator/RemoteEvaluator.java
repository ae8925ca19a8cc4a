package io.lockerism.evaluator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lockerism.engine.HeQuery;
import io.lockerism.engine.HeReply;
import io.lockerism.engine.HeScoring;
import io.lockerism.engine.NativeEngineException;
import io.lockerism.model.Snapshot;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An {@link Evaluator} in another process ({@code lockerism evaluator}), reached over HTTP. Sends
 * the query, receives the encrypted replies as a stream and hands each to the sink as it arrives.
 * When the evaluator does not have the snapshot it is uploaded (it is public data) and the request
 * is retried once. See docs/evaluator.md for the protocol.
 */
public final class RemoteEvaluator implements Evaluator {

  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /** Time until the response starts (covers compiling a large snapshot on first use). */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(120);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final HeScoring he;
  private final HttpClient http;
  private final Duration requestTimeout;
  private final AtomicLong uploads = new AtomicLong();
  private final String authorization;

  /**
   * @param token the evaluator's shared token (sent as a Bearer token on every request)
   */
  public RemoteEvaluator(URI base, HeScoring he, String token) {
    this(base, he, token, DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT);
  }

  public RemoteEvaluator(
      URI base, HeScoring he, String token, Duration connectTimeout, Duration requestTimeout) {
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException(
          "a remote evaluator needs its shared token "
              + "(--evaluator-token or LOCKERISM_EVALUATOR_TOKEN)");
    }
    this.authorization = "Bearer " + token.strip();
    String b = base.toString();
    this.base = URI.create(b.endsWith("/") ? b : b + "/");
    this.he = he;
    this.requestTimeout = requestTimeout;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(connectTimeout)
            .build();
  }

  public URI baseUri() {
    return base;
  }

  /** Snapshots this client has uploaded. */
  public long uploads() {
    return uploads.get();
  }

  @Override
  public void score(Snapshot snapshot, HeQuery query, ReplySink sink) {
    byte[] queryBytes = query.serialize();
    HttpResponse<InputStream> response = postScore(snapshot, queryBytes);
    if (response.statusCode() == 404) {
      JsonNode error = errorBody(response);
      if (!"unknown_snapshot".equals(error.path("code").asText())) {
        throw failure("POST score", response.statusCode(), error);
      }
      upload(snapshot);
      response = postScore(snapshot, queryBytes);
    }
    if (response.statusCode() != 200) {
      throw failure("POST score", response.statusCode(), errorBody(response));
    }
    readStream(snapshot, response.body(), sink);
  }

  /** True when the evaluator has the snapshot loaded. */
  public boolean hasSnapshot(String snapshotId) {
    HttpResponse<InputStream> r =
        send(
            HttpRequest.newBuilder(snapshotUri(snapshotId))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .timeout(requestTimeout)
                .build(),
            "HEAD snapshot");
    close(r.body());
    if (r.statusCode() == 200 || r.statusCode() == 404) {
      return r.statusCode() == 200;
    }
    throw new EvaluatorException(
        "evaluator at " + base + " answered HEAD snapshot with HTTP " + r.statusCode());
  }

  /** Uploads the snapshot's canonical bytes (public data). */
  public void upload(Snapshot snapshot) {
    HttpResponse<InputStream> r =
        send(
            HttpRequest.newBuilder(snapshotUri(snapshot.id()))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(snapshot.canonicalBytes()))
                .header("Content-Type", "application/octet-stream")
                .timeout(requestTimeout)
                .build(),
            "PUT snapshot");
    if (r.statusCode() != 200 && r.statusCode() != 201) {
      throw failure("PUT snapshot", r.statusCode(), errorBody(r));
    }
    close(r.body());
    uploads.incrementAndGet();
  }

  private HttpResponse<InputStream> postScore(Snapshot snapshot, byte[] queryBytes) {
    return send(
        HttpRequest.newBuilder(base.resolve("v1/score/" + snapshot.id()))
            .POST(HttpRequest.BodyPublishers.ofByteArray(queryBytes))
            .header("Content-Type", "application/octet-stream")
            .timeout(requestTimeout)
            .build(),
        "POST score");
  }

  private void readStream(Snapshot snapshot, InputStream body, ReplySink sink) {
    int profiles = snapshot.size();
    int next = 0;
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(body, 1 << 17))) {
      for (ScoreFrames.Frame f = ScoreFrames.read(in, next, profiles);
          f != null;
          f = ScoreFrames.read(in, next, profiles)) {
        HeReply reply;
        try {
          reply = he.readReply(f.reply());
        } catch (NativeEngineException e) {
          throw new EvaluatorException(
              "evaluator at "
                  + base
                  + " sent a malformed reply for the rows from "
                  + f.firstRow()
                  + ": "
                  + e.getMessage(),
              e);
        }
        try {
          sink.accept(f.firstRow(), f.rows(), reply);
        } catch (RuntimeException | Error e) {
          reply.close();
          throw e;
        }
        next = f.firstRow() + f.rows();
      }
    } catch (IOException e) {
      throw new EvaluatorException(
          "score stream from "
              + base
              + " broke after "
              + next
              + " of "
              + profiles
              + " profiles: "
              + e.getMessage(),
          e);
    }
    if (next != profiles) {
      throw new EvaluatorException(
          "score stream from " + base + " ended after " + next + " of " + profiles + " profiles");
    }
  }

  private HttpResponse<InputStream> send(HttpRequest request, String what) {
    HttpRequest signed =
        HttpRequest.newBuilder(request, (name, value) -> true)
            .header("Authorization", authorization)
            .build();
    try {
      HttpResponse<InputStream> r = http.send(signed, HttpResponse.BodyHandlers.ofInputStream());
      if (r.statusCode() == 401) {
        close(r.body());
        throw new EvaluatorException(
            "evaluator at "
                + base
                + " refused "
                + what
                + ": the evaluator token does not match (set the same --evaluator-token on both)");
      }
      return r;
    } catch (HttpTimeoutException e) {
      throw new EvaluatorException(
          "evaluator at " + base + " did not answer " + what + " in time (" + e.getMessage() + ")",
          e);
    } catch (IOException e) {
      throw new EvaluatorException(
          "evaluator at "
              + base
              + " is unreachable ("
              + what
              + "): "
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EvaluatorException("interrupted while calling the evaluator at " + base, e);
    }
  }

  /** The JSON error body of a failed request, or an empty object if it is not JSON. */
  private static JsonNode errorBody(HttpResponse<InputStream> r) {
    try (InputStream in = r.body()) {
      byte[] bytes = in.readNBytes(16 * 1024);
      try {
        JsonNode node = JSON.readTree(bytes);
        return node == null ? JSON.createObjectNode() : node;
      } catch (IOException notJson) {
        return JSON.createObjectNode()
            .put(
                "error", new String(bytes, 0, Math.min(bytes.length, 200), StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }

  private EvaluatorException failure(String what, int status, JsonNode error) {
    String message = error.path("error").asText("");
    return new EvaluatorException(
        "evaluator at "
            + base
            + " refused "
            + what
            + " with HTTP "
            + status
            + (message.isEmpty() ? "" : ": " + message));
  }

  private URI snapshotUri(String id) {
    return base.resolve("v1/snapshots/" + id);
  }

  private static void close(InputStream in) {
    try {
      in.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public boolean inProcess() {
    return false;
  }

  @Override
  public void close() {
    // Nothing to release: the JDK 17 HttpClient frees its threads once unreferenced.
  }
}
