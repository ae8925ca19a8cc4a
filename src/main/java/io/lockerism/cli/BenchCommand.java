package io.lockerism.cli;

import io.lockerism.bench.Bench;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Benchmark plaintext against encrypted scoring on one generated catalog and"
          + " print medians, sizes and peak memory (see docs/benchmarks.md).",
      "Catalogs up to 100,000 profiles are generated; larger ones are sampled with the same"
          + " per-column value distribution."
    })
final class BenchCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--profiles",
      paramLabel = "N",
      defaultValue = "1000",
      description = "Catalog size (default: ${DEFAULT-VALUE}).")
  int profiles;

  @Option(
      names = "--features",
      paramLabel = "D",
      defaultValue = "64",
      description = "Feature columns, 16..128 (default: ${DEFAULT-VALUE}).")
  int features;

  @Option(
      names = "--runs",
      paramLabel = "R",
      defaultValue = "10",
      description = "Measured runs after one warm-up (default: ${DEFAULT-VALUE}).")
  int runs;

  @Option(
      names = "--likes",
      paramLabel = "L",
      defaultValue = "20",
      description = "Size of the viewer's like-set, 0..100 (default: ${DEFAULT-VALUE}).")
  int likes;

  @Option(
      names = "--top",
      paramLabel = "K",
      defaultValue = "20",
      description = "Feed length (default: ${DEFAULT-VALUE}).")
  int top;

  @Option(
      names = "--remote",
      description = "Also run the round trip through an evaluator server over loopback HTTP.")
  boolean remote;

  @Option(
      names = "--soak",
      paramLabel = "FEEDS",
      defaultValue = "0",
      description =
          "Instead of the table, run this many consecutive feeds and print heap, RSS"
              + " and live native handles at intervals.")
  int soak;

  @Option(
      names = "--web",
      description =
          "Time the app over HTTP instead: a like, the For-You page, the feed API and a"
              + " proof job, on the bundled sample (--runs requests each, --likes likes).")
  boolean web;

  @Option(
      names = "--load",
      description =
          "Load the app over HTTP instead: --viewers signed-up viewers, one connection"
              + " each, request /catalog, /for-you and /api/v1/feed for --seconds; errors, p50, p99.")
  boolean load;

  @Option(
      names = "--viewers",
      paramLabel = "N",
      defaultValue = "50",
      description = "With --load: signed-up viewers (default: ${DEFAULT-VALUE}).")
  int viewers;

  @Option(
      names = "--connections",
      paramLabel = "N",
      description =
          "With --load: connections, spread over the viewers in turn (default: one per viewer;"
              + " --viewers 1 --connections 20 is one session on twenty connections).")
  Integer connections;

  @Option(
      names = "--seconds",
      paramLabel = "S",
      defaultValue = "60",
      description = "With --load: how long to load (default: ${DEFAULT-VALUE}).")
  int seconds;

  @Option(
      names = "--url",
      paramLabel = "URL",
      description =
          "With --load: a running server (e.g. on PostgreSQL); default: an in-process"
              + " server on H2 with the bundled sample.")
  String url;

  @Option(
      names = "--seed",
      paramLabel = "S",
      defaultValue = "1",
      description = "Seed for the catalog and the like-set (default: ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() throws Exception {
    if (load) {
      try {
        io.lockerism.bench.WebLoad.run(
            url,
            viewers,
            connections == null ? viewers : connections,
            java.time.Duration.ofSeconds(seconds),
            spec.commandLine().getOut());
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
      return 0;
    }
    if (web) {
      io.lockerism.bench.WebBench.run(runs, likes, spec.commandLine().getOut());
      return 0;
    }
    Bench.Options options;
    try {
      options = new Bench.Options(profiles, features, runs, likes, top, remote, soak, seed);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    Bench.run(options, out);
    out.flush();
    return 0;
  }
}
