package io.lockerism.cli;

import io.lockerism.app.Components;
import io.lockerism.chain.ModelRegistryClient;
import io.lockerism.chain.SampleProof;
import io.lockerism.config.AppConfig;
import io.lockerism.config.ChainConfig;
import io.lockerism.engine.FeedProver;
import io.lockerism.engine.NativeEngineException;
import io.lockerism.evm.Address;
import io.lockerism.model.Snapshot;
import io.lockerism.proof.ProofResult;
import io.lockerism.proof.Provers;
import io.lockerism.snapshot.SnapshotService;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.web3j.crypto.Credentials;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "snapshot",
    mixinStandardHelpOptions = true,
    description = "Model snapshots of the catalog.",
    subcommands = {
      SnapshotCommand.Build.class,
      SnapshotCommand.Register.class,
      SnapshotAuditCommand.class
    })
final class SnapshotCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "build",
      mixinStandardHelpOptions = true,
      description = "Build a snapshot of the whole catalog and make it current.")
  static final class Build implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin DataOptions data;

    @Override
    public Integer call() {
      try (Components parts = data.components()) {
        SnapshotService snapshots = parts.snapshots();
        var out = spec.commandLine().getOut();
        int[] shown = {-1};
        Snapshot s =
            snapshots.buildNow(
                fraction -> {
                  int tenth = (int) (fraction * 10);
                  if (tenth > shown[0]) {
                    shown[0] = tenth;
                    out.printf("  %3d%%%n", tenth * 10);
                    out.flush();
                  }
                });
        out.printf(
            "Snapshot %s is current: %d profiles × %d features, w = %d%n",
            s.id(), s.size(), s.d(), s.weight());
        return 0;
      }
    }
  }

  @Command(
      name = "register",
      mixinStandardHelpOptions = true,
      description = {
        "Register the current snapshot on a chain: deploy its feed verifier "
            + "(exported from the cached keys, compiled with the pinned solc), check it with a "
            + "fresh proof through eth_call (it must accept it and reject it tampered), and only "
            + "then enter it in ModelRegistry, with metadata naming the setup that produced the "
            + "keys.",
        "Refuses keys from a development setup (whoever ran it could forge proofs) unless "
            + "--allow-dev-setup. The operator key is read from LOCKERISM_DEPLOYER_KEY (hex) or an "
            + "encrypted keystore (--keystore, password in LOCKERISM_KEYSTORE_PASSWORD); it is "
            + "never printed."
      })
  static final class Register implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin DataOptions data;

    /** Where the key and password are read from; tests substitute their own. */
    Map<String, String> environment = System.getenv();

    @Option(
        names = "--snapshot",
        paramLabel = "ID",
        description = "Snapshot id (hex; default: the current snapshot).")
    String snapshotId;

    @Option(
        names = "--rpc-url",
        paramLabel = "URL",
        defaultValue = "${env:LOCKERISM_RPC_URL}",
        description =
            "JSON-RPC endpoint, e.g. https://sepolia.era.zksync.dev (default: "
                + "LOCKERISM_RPC_URL).")
    String rpcUrl;

    @Option(
        names = "--chain-id",
        paramLabel = "ID",
        defaultValue = "${env:LOCKERISM_CHAIN_ID:-0}",
        description =
            "Chain id (300 ZKsync Era Sepolia, 324 Era mainnet; default: " + "LOCKERISM_CHAIN_ID).")
    long chainId;

    @Option(
        names = "--registry",
        paramLabel = "ADDRESS",
        defaultValue = "${env:LOCKERISM_REGISTRY}",
        description = "ModelRegistry address (default: LOCKERISM_REGISTRY).")
    String registry;

    @Option(
        names = "--ledger",
        paramLabel = "ADDRESS",
        defaultValue = "${env:LOCKERISM_LEDGER}",
        description = "FeedLedger address (default: LOCKERISM_LEDGER).")
    String ledger;

    @Mixin OperatorKeyOptions keys;

    @Option(
        names = "--allow-dev-setup",
        defaultValue = "${env:LOCKERISM_ALLOW_DEV_SETUP:-false}",
        description =
            "Register keys from a development setup (testing only; default: "
                + "LOCKERISM_ALLOW_DEV_SETUP); without keys in the prover cache, runs one.")
    boolean allowDevSetup;

    @Option(
        names = "--node",
        paramLabel = "PATH",
        defaultValue = "${env:LOCKERISM_NODE:-node}",
        description = "Node.js, which runs the pinned solc (default: ${DEFAULT-VALUE}).")
    String nodeExecutable;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      ChainConfig chain =
          ChainConfig.rpc(rpcUrl, chainId, registry, ledger)
              .withNodeExecutable(nodeExecutable)
              .validated();
      Credentials key = keys.require(environment, "operator");
      try (Components parts = data.components()) {
        AppConfig config = parts.config();
        SnapshotService snapshots = parts.snapshots();
        Provers provers = parts.provers();
        Snapshot s =
            snapshotId == null
                ? snapshots.current()
                : snapshots
                    .find(snapshotId.strip().toLowerCase(Locale.ROOT))
                    .orElseThrow(() -> new IllegalArgumentException("no snapshot " + snapshotId));
        if (s.size() < 2) {
          throw new IllegalArgumentException(
              "snapshot "
                  + s.id()
                  + " has "
                  + s.size()
                  + " profile(s); a feed circuit needs at least 2");
        }
        FeedProver prover;
        try {
          prover = allowDevSetup ? provers.forSnapshot(s) : provers.cachedForSnapshot(s);
        } catch (NativeEngineException e) {
          throw new IllegalArgumentException(
              "snapshot "
                  + s.id()
                  + " has no keys in "
                  + config.proverCacheDir()
                  + ": run the ceremony (`lockerism ceremony verify "
                  + "--install ...`), or pass --allow-dev-setup for a test chain");
        }
        FeedProver.SetupInfo setup = prover.setupInfo();
        if (!setup.ceremony() && !allowDevSetup) {
          throw new IllegalArgumentException(
              "snapshot "
                  + s.id()
                  + " has keys from a "
                  + "development setup, which whoever ran it could use to forge proofs; install "
                  + "a ceremony's keys (`lockerism ceremony verify --install ...`) or pass "
                  + "--allow-dev-setup for a test chain");
        }
        out.printf(
            "Snapshot %s: %d profiles × %d features, %s setup, verifying key SHA-256 %s%n",
            s.id(), s.size(), s.d(), setup.kind(), setup.vkSha256());
        out.println("Operator " + key.getAddress() + " on chain " + chainId);
        out.flush();
        ModelRegistryClient registry = parts.chain(chain, key).registry();
        Optional<Address> existing = registry.verifierOf(s.id());
        if (existing.isPresent()) {
          out.println("Already registered with verifier " + existing.get());
          return 0;
        }
        Address verifier =
            registry.ensureRegistered(
                s.id(),
                prover.verifierSolidity(),
                Provers.registryMetadata(s, setup),
                () -> {
                  out.println(
                      "Deployed; checking the verifier with a fresh proof of this snapshot");
                  out.flush();
                  ProofResult sample = Provers.coldStartProof(s, prover);
                  return new SampleProof(sample.proof(), sample.publicInputs());
                });
        out.println(
            "Registered with verifier "
                + verifier
                + " (it accepted a fresh proof of this snapshot and rejected it tampered)");
      }
      return 0;
    }
  }
}
