package io.lockerism.cli;

import io.lockerism.engine.LattigoBgv;
import io.lockerism.engine.NativeEngine;
import io.lockerism.evaluator.EvaluatorServer;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "evaluator",
    mixinStandardHelpOptions = true,
    description = {
      "Run a scoring-only evaluator: it receives public snapshots and encrypted "
          + "interest vectors over HTTP and streams back encrypted scores. It holds no keys.",
      "Point the app at it with serve --evaluator-url http://HOST:PORT and the same token.",
      "It listens on 127.0.0.1 unless --host says otherwise; across machines put it behind "
          + "TLS (a reverse proxy), since the token travels with every request."
    })
final class EvaluatorCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "${env:LOCKERISM_EVALUATOR_PORT:-8090}",
      description = "HTTP port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--host",
      paramLabel = "ADDRESS",
      defaultValue = "${env:LOCKERISM_EVALUATOR_HOST:-127.0.0.1}",
      description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--evaluator-token",
      paramLabel = "TOKEN",
      split = ",",
      defaultValue = "${env:LOCKERISM_EVALUATOR_TOKEN}",
      description =
          "Shared token(s) a client must send (Authorization: Bearer); one per client, "
              + "each with its own snapshot slots; at least 16 characters. Required. Prefer the "
              + "environment variable LOCKERISM_EVALUATOR_TOKEN, which `ps` does not show.")
  java.util.List<String> tokens;

  @Option(
      names = "--max-snapshot-mb",
      paramLabel = "MB",
      defaultValue = "128",
      description = "Largest snapshot upload accepted, in MiB (default: ${DEFAULT-VALUE}).")
  long maxSnapshotMb;

  @Override
  public Integer call() throws InterruptedException {
    if (port < 0 || port > 65535) {
      throw new ParameterException(spec.commandLine(), "--port must be in 0..65535");
    }
    if (maxSnapshotMb < 1 || maxSnapshotMb > 2047) {
      throw new ParameterException(spec.commandLine(), "--max-snapshot-mb must be in 1..2047");
    }
    if (tokens == null || tokens.isEmpty()) {
      throw new ParameterException(
          spec.commandLine(),
          "the evaluator needs a shared token: set "
              + "LOCKERISM_EVALUATOR_TOKEN (or --evaluator-token), e.g. to `openssl rand -hex 32`, "
              + "and give the app the same one");
    }
    NativeEngine engine = NativeEngine.load();
    engine.selfTest();
    EvaluatorServer server;
    try {
      server =
          EvaluatorServer.start(host, port, new LattigoBgv(engine), tokens, maxSnapshotMb << 20);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    spec.commandLine()
        .getOut()
        .printf("Evaluator listening on http://%s:%d%n", host, server.port());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "shutdown"));
    stopped.await();
    return 0;
  }
}
