package io.lockerism.cli;

import io.lockerism.app.Lockerism;
import io.lockerism.config.AppConfig;
import io.lockerism.config.ChainConfig;
import io.lockerism.config.SecurityConfig;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Start the web app (the default command).")
final class ServeCommand implements Callable<Integer> {

  @Mixin DataOptions data;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "${env:LOCKERISM_PORT:-8080}",
      description = "HTTP port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--host",
      paramLabel = "ADDRESS",
      defaultValue = "${env:LOCKERISM_HOST:-0.0.0.0}",
      description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--secure-cookies",
      defaultValue = "${env:LOCKERISM_SECURE_COOKIES:-false}",
      description =
          "Mark the session cookie Secure; set when HTTPS terminates in front of the app.")
  boolean secureCookies;

  @Option(
      names = "--operator",
      paramLabel = "USERNAME",
      split = ",",
      defaultValue = "${env:LOCKERISM_OPERATORS}",
      description =
          "Usernames that may operate the app (build snapshots); repeatable. Bound "
              + "at start to the accounts holding them; a name with no account grants nothing.")
  java.util.Set<String> operators = new java.util.HashSet<>();

  @Option(
      names = "--trusted-proxy",
      paramLabel = "ADDRESS",
      split = ",",
      defaultValue = "${env:LOCKERISM_TRUSTED_PROXY}",
      description =
          "Address of a reverse proxy whose X-Forwarded-For names the client (for "
              + "log-in throttling); repeatable. Default: none, the header is ignored.")
  java.util.Set<String> trustedProxies = new java.util.HashSet<>();

  @Option(
      names = "--picture-host",
      paramLabel = "HOST",
      split = ",",
      defaultValue = "${env:LOCKERISM_PICTURE_HOSTS}",
      description =
          "Host (e.g. *.tiktokcdn.com) whose https profile pictures browsers may load; "
              + "repeatable. Default: none, no third-party requests, initials only.")
  java.util.Set<String> pictureHosts = new java.util.HashSet<>();

  @Option(
      names = "--evaluator-token",
      paramLabel = "TOKEN",
      defaultValue = "${env:LOCKERISM_EVALUATOR_TOKEN}",
      description =
          "Shared token sent to the remote evaluator (the same as its own); prefer "
              + "the environment variable LOCKERISM_EVALUATOR_TOKEN, which `ps` does not show.")
  String evaluatorToken;

  @Option(
      names = "--evaluator-url",
      paramLabel = "URL",
      defaultValue = "${env:LOCKERISM_EVALUATOR_URL}",
      description = "Score through a remote `lockerism evaluator` process (default: in-process).")
  String evaluatorUrl;

  @Option(
      names = "--chain",
      paramLabel = "MODE",
      defaultValue = "${env:LOCKERISM_CHAIN:-embedded}",
      description =
          "embedded (an in-process dev chain, the default), rpc (an external chain "
              + "such as ZKsync Era, with contracts deployed by `lockerism chain deploy`) or none "
              + "(proofs stay local).")
  String chainMode;

  @Option(
      names = "--chain-port",
      paramLabel = "PORT",
      defaultValue = "${env:LOCKERISM_CHAIN_PORT:-8545}",
      description = "Embedded chain: JSON-RPC port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
  int chainPort;

  @Option(
      names = "--rpc-url",
      paramLabel = "URL",
      defaultValue = "${env:LOCKERISM_RPC_URL}",
      description = "Chain rpc: JSON-RPC endpoint, e.g. https://sepolia.era.zksync.dev")
  String rpcUrl;

  @Option(
      names = "--chain-id",
      paramLabel = "ID",
      defaultValue = "${env:LOCKERISM_CHAIN_ID:-0}",
      description = "Chain rpc: chain id (300 ZKsync Era Sepolia, 324 Era mainnet).")
  long chainId;

  @Option(
      names = "--registry",
      paramLabel = "ADDRESS",
      defaultValue = "${env:LOCKERISM_REGISTRY}",
      description = "Chain rpc: ModelRegistry address.")
  String registry;

  @Option(
      names = "--ledger",
      paramLabel = "ADDRESS",
      defaultValue = "${env:LOCKERISM_LEDGER}",
      description = "Chain rpc: FeedLedger address.")
  String ledger;

  @Option(
      names = "--ledger-from-block",
      paramLabel = "BLOCK",
      defaultValue = "${env:LOCKERISM_LEDGER_FROM_BLOCK}",
      description =
          "Chain rpc: first block to read ledger records from when the database has "
              + "none yet (default: the chain head at start).")
  Long ledgerFromBlock;

  @Option(
      names = "--allow-dev-setup",
      defaultValue = "${env:LOCKERISM_ALLOW_DEV_SETUP:-false}",
      description =
          "Chain rpc: register snapshots whose keys come from a development setup, as "
              + "`snapshot register --allow-dev-setup` does. Whoever ran that setup could forge "
              + "proofs, and the pages say so next to every verdict: for test chains only. "
              + "Without it such snapshots are not registered and their proofs stay local until "
              + "ceremony keys are installed. (The embedded dev chain always registers them.)")
  boolean allowDevSetup;

  @Option(
      names = "--node",
      paramLabel = "PATH",
      defaultValue = "${env:LOCKERISM_NODE:-node}",
      description =
          "Node.js executable, which compiles per-snapshot verifier contracts "
              + "(default: ${DEFAULT-VALUE}).")
  String nodeExecutable;

  @Option(
      names = "--dp-window",
      paramLabel = "DURATION",
      defaultValue = "${env:LOCKERISM_DP_WINDOW:-P1D}",
      converter = DurationConverter.class,
      description =
          "Release window of the differentially private statistics, as an ISO-8601 "
              + "duration or seconds, e.g. P1D, PT60S or 60 (default: one day; shorter only for "
              + "demos and tests, see docs/privacy.md).")
  java.time.Duration dpWindow;

  @Option(
      names = "--no-sample",
      description = "Do not import the bundled sample catalog into an empty database.")
  boolean noSample;

  ChainConfig chainConfig() {
    ChainConfig.Mode mode = ChainConfig.Mode.parse(chainMode);
    ChainConfig chain =
        switch (mode) {
          case NONE -> ChainConfig.none();
          case EMBEDDED -> ChainConfig.embedded().withPort(chainPort);
          case RPC ->
              ChainConfig.rpc(rpcUrl, chainId, registry, ledger)
                  .withLedgerFromBlock(ledgerFromBlock)
                  .withAllowDevSetup(allowDevSetup);
        };
    return chain.withNodeExecutable(nodeExecutable).validated();
  }

  @Override
  public Integer call() throws InterruptedException {
    AppConfig config =
        data.toConfig()
            .withPort(port)
            .withHost(host)
            .withSecureCookies(secureCookies)
            .withSampleImport(!noSample)
            .withOperators(operators == null ? java.util.Set.of() : operators)
            .withEvaluatorUrl(evaluatorUrl)
            .withChain(chainConfig())
            .withDpWindow(dpWindow)
            .withSecurity(
                SecurityConfig.defaults()
                    .withTrustedProxies(
                        trustedProxies == null ? java.util.Set.of() : trustedProxies)
                    .withEvaluatorToken(evaluatorToken)
                    .withH2Tcp(data.h2Tcp)
                    .withPictureHosts(pictureHosts));
    Lockerism app = Lockerism.start(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  app.close();
                  stopped.countDown();
                },
                "shutdown"));
    stopped.await();
    return 0;
  }

  /** "P1D", "PT30S" or plain seconds. */
  static final class DurationConverter
      implements picocli.CommandLine.ITypeConverter<java.time.Duration> {
    @Override
    public java.time.Duration convert(String value) {
      String v = value.strip();
      try {
        return v.chars().allMatch(Character::isDigit) && !v.isEmpty()
            ? java.time.Duration.ofSeconds(Long.parseLong(v))
            : java.time.Duration.parse(v.toUpperCase(java.util.Locale.ROOT));
      } catch (RuntimeException e) {
        throw new picocli.CommandLine.TypeConversionException(
            "not a duration (e.g. P1D, PT60S or 60): " + value);
      }
    }
  }
}
