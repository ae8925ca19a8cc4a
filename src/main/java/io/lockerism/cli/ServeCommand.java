package io.lockerism.cli;

import io.lockerism.app.Lockerism;
import io.lockerism.config.AppConfig;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Start the web app (the default command).")
final class ServeCommand implements Callable<Integer> {

  @Mixin DataOptions data;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "${env:LOCKERISM_PORT:-8080}",
      description = "HTTP port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "${env:LOCKERISM_HOST:-0.0.0.0}",
      description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--secure-cookies", defaultValue = "${env:LOCKERISM_SECURE_COOKIES:-false}",
      description = "Mark the session cookie Secure; set when HTTPS terminates in front of the app.")
  boolean secureCookies;

  @Option(names = "--operator", paramLabel = "USERNAME", split = ",",
      defaultValue = "${env:LOCKERISM_OPERATORS}",
      description = "Usernames that may operate the app (build snapshots); repeatable.")
  java.util.Set<String> operators = new java.util.HashSet<>();

  @Option(names = "--evaluator-url", paramLabel = "URL",
      defaultValue = "${env:LOCKERISM_EVALUATOR_URL}",
      description = "Score through a remote `lockerism evaluator` process (default: in-process).")
  String evaluatorUrl;

  @Option(names = "--no-sample",
      description = "Do not import the bundled sample catalog into an empty database.")
  boolean noSample;

  @Override
  public Integer call() throws InterruptedException {
    AppConfig config = data.toConfig().withPort(port).withHost(host)
        .withSecureCookies(secureCookies).withSampleImport(!noSample)
        .withOperators(operators == null ? java.util.Set.of() : operators)
        .withEvaluatorUrl(evaluatorUrl);
    Lockerism app = Lockerism.start(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      app.close();
      stopped.countDown();
    }, "shutdown"));
    stopped.await();
    return 0;
  }
}
