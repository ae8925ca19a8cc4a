package io.lockerism.bench;

import io.lockerism.engine.HeCiphertext;
import io.lockerism.engine.HeKeyPair;
import io.lockerism.engine.HeQuery;
import io.lockerism.engine.HeReply;
import io.lockerism.engine.LattigoBgv;
import io.lockerism.engine.NativeEngine;
import io.lockerism.engine.ScoredRow;
import io.lockerism.evaluator.Evaluator;
import io.lockerism.evaluator.EvaluatorServer;
import io.lockerism.evaluator.LocalEvaluator;
import io.lockerism.evaluator.RemoteEvaluator;
import io.lockerism.model.PlaintextScorer;
import io.lockerism.model.Ranking;
import io.lockerism.model.Snapshot;
import java.io.PrintWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Plaintext versus encrypted scoring on one catalog: keygen, Enc(u), a like, the query, encrypted
 * scoring, decryption + top-k, the whole round trip, plaintext scoring + top-k, optionally the
 * remote evaluator over loopback; medians over several runs, sizes and peak memory. A benchmark,
 * not a test: it asserts nothing about time, only that encrypted and plaintext feeds agree.
 */
public final class Bench {

  /** What to run. */
  public record Options(
      int profiles,
      int features,
      int runs,
      int likes,
      int topK,
      boolean remote,
      int soak,
      long seed) {

    public Options {
      if (profiles < 1
          || features < 16
          || features > 128
          || runs < 1
          || likes < 0
          || likes > 100
          || likes >= profiles
          || topK < 1
          || soak < 0) {
        throw new IllegalArgumentException(
            "need profiles ≥ 1, 16 ≤ features ≤ 128, runs ≥ 1,"
                + " 0 ≤ likes ≤ 100 and < profiles, top-k ≥ 1, soak ≥ 0");
      }
    }
  }

  private final Options o;
  private final PrintWriter out;
  private final NativeEngine engine = NativeEngine.load();
  private final LattigoBgv he = new LattigoBgv(engine);
  private final Map<String, List<Long>> timings = new LinkedHashMap<>();

  private Bench(Options options, PrintWriter out) {
    this.o = options;
    this.out = out;
  }

  public static void run(Options options, PrintWriter out) {
    new Bench(options, out).run();
  }

  private void run() {
    BenchCatalog catalog = BenchCatalog.create(o.profiles(), o.features(), o.seed());
    Snapshot s = catalog.snapshot();
    out.printf(
        "Lockerism bench: N = %,d profiles, D = %d, %d likes, top-%d, %d runs (+1 warm-up)%n",
        s.size(), s.d(), o.likes(), o.topK(), o.runs());
    out.println("catalog: " + catalog.description());
    out.printf(
        "matrix: %.1f%% of entries non-zero; snapshot %s%n",
        100 * catalog.nonZeroShare(), s.id().substring(0, 16));
    Memory built = Memory.sample();
    out.printf(
        "memory after making the catalog (includes generating and parsing it): peak heap"
            + " %s, peak RSS (VmHWM) %s%n",
        mb(built.heapPeak()), mb(built.rssPeak()));
    Random rng = new Random(o.seed());
    Set<Integer> liked = new HashSet<>();
    while (liked.size() < o.likes()) {
      liked.add(rng.nextInt(s.size()));
    }
    int newLike = rng.nextInt(s.size());
    byte[] newRow = rowBytes(s, newLike);
    int[] u = PlaintextScorer.interest(s, liked);
    long[] uValues = Arrays.stream(u).asLongStream().toArray();
    if (o.soak() > 0) {
      soak(s, liked, uValues);
      return;
    }
    Sizes sizes = new Sizes();
    try (LocalEvaluator local = new LocalEvaluator(he)) {
      long compile = compile(local, s);
      out.printf("compile snapshot for encrypted scoring (once per snapshot): %s%n", ms(compile));
      for (int run = 0; run <= o.runs(); run++) {
        boolean record = run > 0;
        oneRun(s, liked, u, uValues, newRow, local, record, sizes);
      }
    }
    if (o.remote()) {
      remote(s, liked, uValues);
    }
    printTable(s, sizes);
  }

  private void oneRun(
      Snapshot s,
      Set<Integer> liked,
      int[] u,
      long[] uValues,
      byte[] newRow,
      LocalEvaluator local,
      boolean record,
      Sizes sizes) {
    long t = System.nanoTime();
    HeKeyPair keys = he.generateKeys();
    time("keygen", t, record);
    try (keys) {
      t = System.nanoTime();
      HeCiphertext interest = he.encrypt(keys.publicKey(), uValues);
      time("encrypt Enc(u)", t, record);
      int[] encryptedFeed;
      try (interest) {
        t = System.nanoTime();
        try (HeCiphertext added = he.addRow(interest, newRow, false);
            HeCiphertext updated = he.rerandomize(keys.publicKey(), added)) {
          sizes.interest = updated.serialize().length;
        }
        time("like: addRow + rerandomize + serialize", t, record);
        t = System.nanoTime();
        try (HeQuery query =
            he.query(keys.secretKey(), interest, s.d(), he.groups(s.size(), s.d()))) {
          time("query from Enc(u)", t, record);
          sizes.query = query.serialize().length;
          t = System.nanoTime();
          local.score(s, query, (first, rows, reply) -> reply.close());
          time("encrypted scoring, all blocks (in-process)", t, record);
        }
        encryptedFeed = roundTrip(s, liked, interest, keys, local, record, "", sizes);
      }
      if (sizes.secretKey == 0) {
        sizes.secretKey = keys.secretKey().serialize().length;
        sizes.publicKey = keys.publicKey().serialize().length;
      }
      t = System.nanoTime();
      long[] plain = PlaintextScorer.scores(s, u);
      int[] plainFeed = Ranking.top(plain, liked, o.topK());
      time("plaintext scoring + top-k", t, record);
      if (!Arrays.equals(encryptedFeed, plainFeed)) {
        throw new IllegalStateException(
            "encrypted and plaintext feeds differ: "
                + Arrays.toString(encryptedFeed)
                + " vs "
                + Arrays.toString(plainFeed));
      }
    }
  }

  /**
   * One feed as the app makes it: a query from the Enc(u) at rest, scoring into replies, decrypting
   * them straight into the top-k; returns the feed's rows.
   */
  private int[] roundTrip(
      Snapshot s,
      Set<Integer> liked,
      HeCiphertext interest,
      HeKeyPair keys,
      Evaluator evaluator,
      boolean record,
      String suffix,
      Sizes sizes) {
    long start = System.nanoTime();
    int[] excluded = liked.stream().mapToInt(Integer::intValue).toArray();
    List<HeReply> replies = new ArrayList<>();
    long decrypting;
    List<ScoredRow> top;
    try (HeQuery query = he.query(keys.secretKey(), interest, s.d(), he.groups(s.size(), s.d()))) {
      evaluator.score(s, query, (first, rows, reply) -> replies.add(reply));
      long t = System.nanoTime();
      top = he.topK(keys.secretKey(), query, replies, o.topK(), excluded);
      decrypting = System.nanoTime() - t;
      if (sizes != null && !record) {
        sizes.reply = replies.stream().mapToLong(r -> r.serialize().length).sum();
      }
    } finally {
      replies.forEach(HeReply::close);
    }
    if (record) {
      add("decrypt all replies + top-" + o.topK() + suffix, decrypting);
      add(
          "round trip: query + score + decrypt + top-" + o.topK() + suffix,
          System.nanoTime() - start);
    }
    return top.stream().mapToInt(ScoredRow::row).toArray();
  }

  private void remote(Snapshot s, Set<Integer> liked, long[] uValues) {
    String token = java.util.UUID.randomUUID().toString();
    try (EvaluatorServer server =
            EvaluatorServer.start("127.0.0.1", 0, he, java.util.List.of(token));
        RemoteEvaluator remote =
            new RemoteEvaluator(URI.create("http://127.0.0.1:" + server.port()), he, token);
        HeKeyPair keys = he.generateKeys()) {
      long t = System.nanoTime();
      remote.upload(s);
      out.printf(
          "remote: snapshot upload (%,d bytes) %s%n",
          s.canonicalBytes().length, ms(System.nanoTime() - t));
      for (int run = 0; run <= o.runs(); run++) {
        try (HeCiphertext interest = he.encrypt(keys.publicKey(), uValues)) {
          roundTrip(s, liked, interest, keys, remote, run > 0, " (remote, loopback HTTP)", null);
        }
      }
    }
  }

  private long compile(LocalEvaluator local, Snapshot s) {
    try (HeKeyPair keys = he.generateKeys();
        HeCiphertext zero = he.encrypt(keys.publicKey(), new long[s.d()]);
        HeQuery query = he.query(keys.secretKey(), zero, s.d(), he.groups(s.size(), s.d()))) {
      long t = System.nanoTime();
      // The first score call compiles; the first reply suffices, the rest are skipped by aborting.
      try {
        local.score(
            s,
            query,
            (first, rows, reply) -> {
              reply.close();
              throw new StopScoring();
            });
      } catch (StopScoring expected) {
        // compiled
      }
      return System.nanoTime() - t;
    }
  }

  private void soak(Snapshot s, Set<Integer> liked, long[] uValues) {
    int every = Math.max(1, o.soak() / 10);
    out.printf(
        "soak: %,d consecutive feeds (query + score + decrypt + top-%d) at N = %,d;"
            + " heap after a full GC%n",
        o.soak(), o.topK(), s.size());
    out.println(
        "| feeds | heap used after GC | RSS (VmRSS) | peak RSS (VmHWM) | live native"
            + " handles | ms per feed (last interval) |");
    out.println("|---:|---:|---:|---:|---:|---:|");
    try (LocalEvaluator local = new LocalEvaluator(he);
        HeKeyPair keys = he.generateKeys();
        HeCiphertext interest = he.encrypt(keys.publicKey(), uValues)) {
      roundTrip(s, liked, interest, keys, local, false, "", null);
      soakLine(0, 0);
      long t = System.nanoTime();
      for (int i = 1; i <= o.soak(); i++) {
        roundTrip(s, liked, interest, keys, local, false, "", null);
        if (i % every == 0 || i == o.soak()) {
          soakLine(i, (System.nanoTime() - t) / 1e6 / every);
          t = System.nanoTime();
        }
      }
    }
    out.printf("live native handles after closing keys and evaluator: %d%n", engine.liveHandles());
    out.flush();
  }

  private void soakLine(int feeds, double msPerFeed) {
    System.gc();
    Memory m = Memory.sample();
    out.printf(
        "| %,d | %s | %s | %s | %d | %s |%n",
        feeds,
        mb(m.heapUsed()),
        mb(m.rss()),
        mb(m.rssPeak()),
        engine.liveHandles(),
        feeds == 0 ? "–" : String.format("%.2f", msPerFeed));
    out.flush();
  }

  private void printTable(Snapshot s, Sizes sizes) {
    out.println();
    out.printf("| step (N = %,d, D = %d) | median | min | max |%n", s.size(), s.d());
    out.println("|---|---:|---:|---:|");
    for (var e : timings.entrySet()) {
      long[] v = e.getValue().stream().mapToLong(Long::longValue).sorted().toArray();
      out.printf(
          "| %s | %s | %s | %s |%n", e.getKey(), ms(median(v)), ms(v[0]), ms(v[v.length - 1]));
    }
    long roundTrip = medianOf("round trip: query + score + decrypt + top-" + o.topK());
    long scoring = medianOf("encrypted scoring, all blocks (in-process)");
    long plain = medianOf("plaintext scoring + top-k");
    out.println();
    out.printf(
        "encrypted / plaintext: round trip %.0f×, scoring alone %.0f× (medians)%n",
        (double) roundTrip / plain, (double) scoring / plain);
    out.printf(
        "stored per viewer: secret key %,d B (sealed), public key %,d B, Enc(u) %,d B = %,d B%n",
        sizes.secretKey,
        sizes.publicKey,
        sizes.interest,
        sizes.secretKey + sizes.publicKey + sizes.interest);
    out.printf(
        "per feed on the wire (remote evaluator): query %,d B up, replies %,d B down"
            + " = %.1f B per score (G = %d)%n",
        sizes.query, sizes.reply, (double) sizes.reply / s.size(), he.groups(s.size(), s.d()));
    out.printf("snapshot canonical bytes: %s%n", mb(s.canonicalBytes().length));
    Memory m = Memory.sample();
    out.printf(
        "memory at the end: peak heap %s (sum of heap pool peaks; max %s), peak RSS"
            + " (VmHWM) %s, RSS now %s; live native handles %d%n",
        mb(m.heapPeak()), mb(m.heapMax()), mb(m.rssPeak()), mb(m.rss()), engine.liveHandles());
    out.flush();
  }

  private long medianOf(String key) {
    List<Long> v = timings.get(key);
    return v == null ? 0 : median(v.stream().mapToLong(Long::longValue).sorted().toArray());
  }

  private static long median(long[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private void time(String step, long start, boolean record) {
    if (record) {
      add(step, System.nanoTime() - start);
    }
  }

  private void add(String step, long nanos) {
    timings.computeIfAbsent(step, k -> new ArrayList<>()).add(nanos);
  }

  private static byte[] rowBytes(Snapshot s, int i) {
    byte[] row = new byte[s.d()];
    s.matrix().position(i * s.d()).get(row);
    return row;
  }

  static String ms(long nanos) {
    double ms = nanos / 1e6;
    if (ms < 10) {
      return String.format("%.2f ms", ms);
    }
    if (ms < 1000) {
      return String.format("%.1f ms", ms);
    }
    return String.format("%.2f s", ms / 1000);
  }

  static String mb(long bytes) {
    if (bytes < 0) {
      return "n/a";
    }
    return String.format("%.1f MB", bytes / 1e6);
  }

  private static final class Sizes {
    int secretKey;
    int publicKey;
    int interest;
    int query;
    long reply;
  }

  private static final class StopScoring extends RuntimeException {
    StopScoring() {
      super(null, null, false, false);
    }
  }
}
