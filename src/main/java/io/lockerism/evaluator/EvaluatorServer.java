package io.lockerism.evaluator;

import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.Context;
import io.lockerism.engine.HeQuery;
import io.lockerism.engine.HeScoring;
import io.lockerism.engine.NativeEngineException;
import io.lockerism.model.Snapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scoring-only process ({@code lockerism evaluator}): holds public snapshots and turns a
 * viewer's encrypted query into a stream of encrypted replies. It never sees a key of any kind: the
 * slot-packed column method needs no evaluation keys (see docs/evaluator.md).
 *
 * <ul>
 *   <li>{@code GET /healthz}
 *   <li>{@code HEAD|GET /v1/snapshots/{id}}: 200 if loaded, 404 if not
 *   <li>{@code PUT /v1/snapshots/{id}}: body = the snapshot's canonical bytes; 400 unless their
 *       SHA-256 is {@code id}
 *   <li>{@code POST /v1/score/{snapshotId}}: body = a serialized query (protocol 2); answers a
 *       stream of {@link ScoreFrames}, written reply by reply as they are scored
 * </ul>
 *
 * Errors are JSON {@code {"error": message, "code": short-code, "status": n}}.
 *
 * <p>Everything under /v1 needs {@code Authorization: Bearer TOKEN} with one of the configured
 * tokens (401 otherwise, before any body is read). Each token is one client with its own {@link
 * #KEEP_SNAPSHOTS} snapshot slots: an upload or a score request may only push out the least
 * recently used snapshot of the same client, never one another client still holds, so memory is
 * bounded by tokens × slots × the snapshot size limit. Bodies are capped before they are read: a
 * declared Content-Length over the limit is a 413 at once, a chunked body is read only up to the
 * limit.
 */
public final class EvaluatorServer implements AutoCloseable {

  /** Largest snapshot upload by default (1M × 64 is ~80 MB with its ids). */
  public static final long DEFAULT_MAX_SNAPSHOT_BYTES = 128L << 20;

  /** Snapshots kept per client (token); its least recently used beyond this are dropped. */
  static final int KEEP_SNAPSHOTS = 2;

  private static final Logger LOG = LoggerFactory.getLogger(EvaluatorServer.class);
  private static final Pattern SNAPSHOT_ID = Pattern.compile("[0-9a-f]{64}");

  private final Javalin javalin;
  private final LocalEvaluator evaluator;
  private final HeScoring he;
  private final long maxSnapshotBytes;

  /** Loaded snapshots by id, with the clients holding each and when each last used it. */
  private final Map<String, Loaded> snapshots = new LinkedHashMap<>();

  private final ClientTokens tokens;
  private final AtomicLong clock = new AtomicLong();

  /** One upload parsed at a time, so concurrent uploads cannot multiply memory use. */
  private final ReentrantLock uploadLock = new ReentrantLock();

  private final AtomicLong uploads = new AtomicLong();
  private final AtomicLong scoreRequests = new AtomicLong();

  private EvaluatorServer(HeScoring he, long maxSnapshotBytes, ClientTokens tokens) {
    this.he = he;
    this.tokens = tokens;
    this.evaluator = new LocalEvaluator(he);
    this.maxSnapshotBytes = maxSnapshotBytes;
    this.javalin =
        Javalin.create(
            cfg -> {
              cfg.http.compressionStrategy = CompressionStrategy.NONE;
              cfg.http.maxRequestSize = ScoreFrames.MAX_QUERY_BYTES;
              cfg.jetty.modifyServer(server -> server.setStopTimeout(2_000));
              cfg.routes.before("/v1/*", ctx -> ctx.attribute(CLIENT, authenticate(ctx)));
              cfg.routes.get("/healthz", ctx -> ctx.json(Map.of("status", "ok")));
              cfg.routes.head("/v1/snapshots/{id}", this::snapshotStatus);
              cfg.routes.get("/v1/snapshots/{id}", this::snapshotStatus);
              cfg.routes.put("/v1/snapshots/{id}", this::upload);
              cfg.routes.post("/v1/score/{snapshotId}", this::score);
              cfg.routes.exception(
                  ApiError.class, (e, ctx) -> error(ctx, e.status, e.code, e.getMessage()));
              cfg.routes.exception(
                  Exception.class,
                  (e, ctx) -> {
                    LOG.error("Unhandled error on {} {}", ctx.method(), ctx.path(), e);
                    error(ctx, 500, "internal", "the evaluator failed; see its log");
                  });
              cfg.routes.error(
                  404,
                  ctx -> {
                    if (ctx.result() == null || ctx.result().isEmpty()) {
                      error(
                          ctx,
                          404,
                          "not_found",
                          "no such endpoint: " + ctx.method() + " " + ctx.path());
                    }
                  });
            });
  }

  /**
   * Starts an evaluator on {@code host:port} (port 0 picks a free one) for the clients holding
   * {@code tokens} (at least one).
   */
  public static EvaluatorServer start(
      String host, int port, HeScoring he, java.util.Collection<String> tokens) {
    return start(host, port, he, tokens, DEFAULT_MAX_SNAPSHOT_BYTES);
  }

  public static EvaluatorServer start(
      String host,
      int port,
      HeScoring he,
      java.util.Collection<String> tokens,
      long maxSnapshotBytes) {
    EvaluatorServer server = new EvaluatorServer(he, maxSnapshotBytes, new ClientTokens(tokens));
    server.javalin.start(host, port);
    return server;
  }

  public int port() {
    return javalin.port();
  }

  /** Snapshots accepted by PUT since start. */
  public long uploads() {
    return uploads.get();
  }

  /** Scoring requests answered with a stream since start. */
  public long scoreRequests() {
    return scoreRequests.get();
  }

  private void snapshotStatus(Context ctx) {
    String id = snapshotId(ctx.pathParam("id"));
    Snapshot s = peek(id);
    if (s == null) {
      throw unknownSnapshot(id);
    }
    ctx.json(Map.of("id", id, "profiles", s.size(), "features", s.d()));
  }

  private void upload(Context ctx) throws IOException {
    String id = snapshotId(ctx.pathParam("id"));
    int client = ctx.attribute(CLIENT);
    refuseDeclaredOversize(ctx, maxSnapshotBytes, "snapshot");
    if (use(client, id) != null) {
      drain(ctx, maxSnapshotBytes);
      ctx.json(Map.of("id", id, "status", "already loaded"));
      return;
    }
    uploadLock.lock();
    try {
      if (use(client, id) != null) {
        drain(ctx, maxSnapshotBytes);
        ctx.json(Map.of("id", id, "status", "already loaded"));
        return;
      }
      byte[] body = readBody(ctx, maxSnapshotBytes, "snapshot");
      Snapshot snapshot;
      try {
        snapshot = Snapshot.fromCanonicalBytes(body);
      } catch (IllegalArgumentException e) { // MalformedSnapshotException included
        throw new ApiError(400, "malformed_snapshot", "malformed snapshot: " + e.getMessage());
      }
      if (!snapshot.id().equals(id)) {
        throw new ApiError(
            400,
            "snapshot_id_mismatch",
            "the uploaded snapshot's SHA-256 is " + snapshot.id() + ", not " + id);
      }
      synchronized (snapshots) {
        snapshots.put(id, new Loaded(snapshot));
        use(client, id);
      }
      uploads.incrementAndGet();
      LOG.info("Loaded snapshot {} ({} profiles, D = {})", id, snapshot.size(), snapshot.d());
      ctx.status(201).json(Map.of("id", id, "status", "loaded"));
    } finally {
      uploadLock.unlock();
    }
  }

  private void score(Context ctx) throws IOException {
    String id = snapshotId(ctx.pathParam("snapshotId"));
    refuseDeclaredOversize(ctx, ScoreFrames.MAX_QUERY_BYTES, "query");
    Snapshot snapshot = use(ctx.attribute(CLIENT), id);
    if (snapshot == null) {
      drain(ctx, ScoreFrames.MAX_QUERY_BYTES);
      throw unknownSnapshot(id);
    }
    byte[] body = readBody(ctx, ScoreFrames.MAX_QUERY_BYTES, "query");
    HeQuery query;
    try {
      query = he.readQuery(body);
    } catch (NativeEngineException e) {
      throw new ApiError(400, "malformed_query", "malformed query: " + e.getMessage());
    }
    try (query) {
      ctx.status(200);
      ctx.contentType(ScoreFrames.CONTENT_TYPE);
      ctx.header("X-Lockerism-Profiles", Integer.toString(snapshot.size()));
      OutputStream out = ctx.res().getOutputStream();
      scoreRequests.incrementAndGet();
      try {
        evaluator.score(
            snapshot,
            query,
            (firstRow, rows, reply) -> {
              try (reply) {
                ScoreFrames.write(out, firstRow, rows, reply.serialize());
                out.flush();
              } catch (IOException e) {
                throw new UncheckedIOException("client went away", e);
              }
            });
      } catch (NativeEngineException e) {
        // The engine refuses a query built for another shape (D or G) before anything is sent.
        throw new ApiError(
            400, "query_mismatch", "the query does not fit the snapshot: " + e.getMessage());
      }
      out.flush();
    }
  }

  /** The snapshot if loaded, without counting it as used. */
  private Snapshot peek(String id) {
    synchronized (snapshots) {
      Loaded l = snapshots.get(id);
      return l == null ? null : l.snapshot;
    }
  }

  /**
   * The snapshot if loaded, now held by {@code client} as its most recently used; the client's own
   * least recently used snapshots beyond its slots are let go, and a snapshot no client holds any
   * more is dropped.
   */
  private Snapshot use(int client, String id) {
    synchronized (snapshots) {
      Loaded l = snapshots.get(id);
      if (l == null) {
        return null;
      }
      l.lastUse.put(client, clock.incrementAndGet());
      List<Map.Entry<String, Loaded>> held =
          snapshots.entrySet().stream()
              .filter(e -> e.getValue().lastUse.containsKey(client))
              .sorted(java.util.Comparator.comparingLong(e -> e.getValue().lastUse.get(client)))
              .toList();
      for (int i = 0; i < held.size() - KEEP_SNAPSHOTS; i++) {
        Loaded old = held.get(i).getValue();
        old.lastUse.remove(client);
        if (old.lastUse.isEmpty()) {
          snapshots.remove(held.get(i).getKey());
          LOG.info("Dropped snapshot {}: no client holds it any more", held.get(i).getKey());
        }
      }
      return l.snapshot;
    }
  }

  /** The index of the request's client token; a 401 without a valid one. */
  private int authenticate(Context ctx) {
    String header = ctx.header("Authorization");
    int client =
        header != null && header.startsWith("Bearer ")
            ? tokens.find(header.substring("Bearer ".length()).strip())
            : -1;
    if (client < 0) {
      ctx.header("WWW-Authenticate", "Bearer");
      throw new ApiError(
          401,
          "unauthorized",
          "this evaluator needs Authorization: Bearer with"
              + " the shared token (--evaluator-token on both sides)");
    }
    return client;
  }

  private static String snapshotId(String raw) {
    if (!SNAPSHOT_ID.matcher(raw).matches()) {
      throw new ApiError(
          400,
          "bad_snapshot_id",
          "a snapshot id is 64 lowercase hex digits (SHA-256), was '" + abbreviate(raw) + "'");
    }
    return raw;
  }

  private static ApiError unknownSnapshot(String id) {
    return new ApiError(
        404,
        "unknown_snapshot",
        "snapshot " + id + " is not loaded; PUT it to " + "/v1/snapshots/" + id);
  }

  /** Reads at most {@code limit} bytes of body; a larger body is a 413 without reading it all. */
  private static byte[] readBody(Context ctx, long limit, String what) throws IOException {
    long declared = ctx.req().getContentLengthLong();
    if (declared > limit) {
      throw tooLarge(what, limit);
    }
    InputStream in = ctx.req().getInputStream();
    if (declared > 0) {
      // One buffer of the declared size, no growing copies.
      byte[] body = in.readNBytes((int) declared);
      if (body.length < declared) {
        throw new ApiError(400, "short_body", "the " + what + " ended before its Content-Length");
      }
      return body;
    }
    ByteArrayOutputStream buf = new ByteArrayOutputStream(8192);
    byte[] chunk = new byte[1 << 16];
    long total = 0;
    for (int n; (n = in.read(chunk)) > 0; ) {
      total += n;
      if (total > limit) {
        drain(ctx, DRAIN_BEFORE_REFUSING); // as in refuseDeclaredOversize: the 413 must arrive
        throw tooLarge(what, limit);
      }
      buf.write(chunk, 0, n);
    }
    if (total == 0) {
      throw new ApiError(400, "empty_body", "the request has no " + what);
    }
    return buf.toByteArray();
  }

  /**
   * A 413 from the declared Content-Length alone. A server that answers while the client is still
   * sending closes a connection with unread bytes, and the client then sees a reset instead of the
   * answer — or not, depending on which side the scheduler runs first, so a busy machine loses the
   * 413. So a body up to {@link #DRAIN_BEFORE_REFUSING} is read and discarded first (cheap, in 64
   * KiB pieces) and the 413 is then always read on a connection that stays open. A client that
   * asked {@code Expect: 100-continue} has sent nothing and gets the 413 at once; so does a larger
   * body. (Our own client does not ask: JDK 17's HttpClient waits forever for a 100 that a refusal
   * never sends, JDK-8286171.)
   */
  private static void refuseDeclaredOversize(Context ctx, long limit, String what)
      throws IOException {
    long declared = ctx.req().getContentLengthLong();
    if (declared > limit) {
      if (declared <= DRAIN_BEFORE_REFUSING && !expectsContinue(ctx)) {
        drain(ctx, DRAIN_BEFORE_REFUSING);
      }
      throw tooLarge(what, limit);
    }
  }

  private static boolean expectsContinue(Context ctx) {
    return "100-continue".equalsIgnoreCase(ctx.header("Expect"));
  }

  private static void drain(Context ctx, long limit) throws IOException {
    InputStream in = ctx.req().getInputStream();
    long skipped = 0;
    byte[] chunk = new byte[1 << 16];
    for (int n; skipped <= limit && (n = in.read(chunk)) > 0; ) {
      skipped += n;
    }
  }

  private static ApiError tooLarge(String what, long limit) {
    return new ApiError(
        413, "too_large", "the " + what + " exceeds the limit of " + limit + " bytes");
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "…";
  }

  private static void error(Context ctx, int status, String code, String message) {
    if (ctx.res().isCommitted()) {
      // The score stream has started: the client sees a truncated stream and reports it.
      // Nothing more is written, so the stream ends early and the client reports it short.
      LOG.warn("{} {} failed after the response started: {}", ctx.method(), ctx.path(), message);
      return;
    }
    ctx.status(status).json(Map.of("error", message, "code", code, "status", status));
  }

  @Override
  public void close() {
    javalin.stop();
    evaluator.close();
  }

  private static final String CLIENT = "evaluator.client";
  private static final long DRAIN_BEFORE_REFUSING = 64L << 20;

  /** A loaded snapshot and, per client index, the tick of its last use by that client. */
  private static final class Loaded {
    final Snapshot snapshot;
    final Map<Integer, Long> lastUse = new java.util.HashMap<>();

    Loaded(Snapshot snapshot) {
      this.snapshot = snapshot;
    }
  }

  /** A client error with its HTTP status and a short machine-readable code. */
  private static final class ApiError extends RuntimeException {
    final int status;
    final String code;

    ApiError(int status, String code, String message) {
      super(message, null, false, false);
      this.status = status;
      this.code = code;
    }
  }
}
