package io.lockerism.cli;

import io.lockerism.app.Components;
import io.lockerism.chain.ChainClient;
import io.lockerism.chain.ChainException;
import io.lockerism.chain.ReceiptOnChain;
import io.lockerism.engine.NativeEngine;
import io.lockerism.evm.Address;
import io.lockerism.evm.Word;
import io.lockerism.model.Snapshot;
import io.lockerism.proof.Receipt;
import io.lockerism.proof.ReceiptCheck;
import io.lockerism.proof.ReceiptCheck.Check;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "receipt",
    mixinStandardHelpOptions = true,
    description = "A viewer's proof receipts (GET /api/v1/proofs/{id}/receipt).",
    subcommands = {ReceiptCommand.Verify.class})
final class ReceiptCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description = {
        "Check a proof receipt: that its feed is the registered model's top-k for the committed "
            + "like-set, as proven, and recorded where it says.",
        "Checks the feed's and likes' account ids against the snapshot (its canonical bytes from "
            + "--bytes, else from the data directory's database), recomputes C_L and C_F from "
            + "the openings, compares the public inputs with the snapshot id, C_L, C_F and k, "
            + "verifies the Groth16 proof — with the snapshot's registered verifier through an "
            + "eth_call when --rpc-url is given, else with the verifying key in the prover cache "
            + "— and, when the receipt names a transaction and --rpc-url is given, checks its "
            + "FeedVerified record. Prints PASS/FAIL per check; exits 1 when any fails."
      })
  static final class Verify implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin DataOptions data;

    @Parameters(index = "0", paramLabel = "FILE", description = "The receipt (JSON).")
    Path file;

    @Option(
        names = "--bytes",
        paramLabel = "FILE|URL",
        description =
            "The snapshot's canonical bytes: a file, or a URL such as "
                + "https://HOST/api/v1/snapshots/ID/bytes (default: the data directory's "
                + "database).")
    String bytes;

    @Option(
        names = "--prover-cache",
        paramLabel = "DIR",
        description =
            "Without --rpc-url: the prover cache holding the snapshot's verifying key (default: "
                + "DATA_DIR/prover).")
    Path proverCache;

    @Option(
        names = "--rpc-url",
        paramLabel = "URL",
        description =
            "JSON-RPC endpoint: verify the proof with the snapshot's registered verifier and "
                + "check the receipt's transaction there.")
    String rpcUrl;

    @Option(
        names = "--chain-id",
        paramLabel = "ID",
        description = "Chain id of --rpc-url (default: the receipt's, else LOCKERISM_CHAIN_ID).")
    Long chainId;

    @Option(
        names = "--registry",
        paramLabel = "ADDRESS",
        defaultValue = "${env:LOCKERISM_REGISTRY}",
        description =
            "ModelRegistry address (default: LOCKERISM_REGISTRY, else the registry of the "
                + "receipt's FeedLedger).")
    String registry;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException("no receipt file " + file);
      }
      Receipt receipt = ReceiptCheck.parse(Files.readAllBytes(file));
      out.printf("Receipt of a feed of %d over snapshot %s%n", receipt.k(), receipt.snapshotId());
      List<Check> checks = new ArrayList<>();
      NativeEngine engine = NativeEngine.load();
      Snapshot snapshot = snapshot(receipt, checks);
      if (snapshot != null) {
        checks.addAll(ReceiptCheck.openings(engine, receipt, snapshot));
        checks.addAll(
            rpcUrl == null ? List.of(localProof(engine, receipt, snapshot)) : chain(receipt));
      }
      boolean passed = true;
      for (Check c : checks) {
        out.printf("%s %s: %s%n", c.passed() ? "PASS" : "FAIL", c.name(), c.detail());
        passed &= c.passed();
      }
      if (receipt.chain() != null && rpcUrl == null) {
        out.printf(
            "NOT CHECKED transaction %s on chain %d: give --rpc-url to check its record%n",
            receipt.chain().transaction(), receipt.chain().chainId());
      }
      out.println(
          passed
              ? "Receipt verified: the proven feed is the registered model's for the committed"
                  + " likes."
              : "Receipt NOT verified: see FAIL above.");
      return passed ? 0 : 1;
    }

    /** The receipt's snapshot, or null with a failed check saying why. */
    private Snapshot snapshot(Receipt receipt, List<Check> checks) throws IOException {
      Optional<Snapshot> found;
      String from;
      if (bytes != null) {
        from = bytes;
        found = Optional.of(Snapshot.fromCanonicalBytes(SnapshotAuditCommand.read(bytes)));
      } else {
        from = "the database of " + data.dataDir;
        try (Components parts = data.components()) {
          found = parts.snapshots().find(receipt.snapshotId());
        }
      }
      if (found.isEmpty() || !found.get().id().equals(receipt.snapshotId())) {
        checks.add(
            new Check(
                "snapshot",
                false,
                found
                    .map(s -> from + " holds snapshot " + s.id() + ", not the receipt's")
                    .orElse(from + " has no snapshot " + receipt.snapshotId())));
        return null;
      }
      checks.add(
          new Check(
              "snapshot", true, receipt.snapshotId() + " (SHA-256 of its bytes) from " + from));
      return found.get();
    }

    private Check localProof(NativeEngine engine, Receipt receipt, Snapshot snapshot) {
      Path cache = proverCache != null ? proverCache : data.toConfig().proverCacheDir();
      return ReceiptCheck.proofWithCachedKey(engine, receipt, snapshot, cache);
    }

    /** The proof through the registered verifier, and the receipt's transaction's record. */
    private List<Check> chain(Receipt receipt) {
      long id = chainId != null ? chainId : chainIdOf(receipt);
      List<Check> checks = new ArrayList<>();
      try (ChainClient client = ChainClient.connect(rpcUrl, id, null)) {
        ReceiptOnChain chain = new ReceiptOnChain(client);
        checks.add(registeredProof(chain, receipt));
        if (receipt.chain() != null) {
          checks.add(record(chain, receipt, id));
        }
      } catch (ChainException e) {
        checks.add(new Check("chain", false, e.getMessage()));
      }
      return checks;
    }

    private long chainIdOf(Receipt receipt) {
      if (receipt.chain() != null) {
        return receipt.chain().chainId();
      }
      String env = System.getenv("LOCKERISM_CHAIN_ID");
      if (env == null || env.isBlank()) {
        throw new IllegalArgumentException("--chain-id (or LOCKERISM_CHAIN_ID) is required");
      }
      return Long.parseLong(env.strip());
    }

    private Check registeredProof(ReceiptOnChain chain, Receipt receipt) {
      String reg = registry;
      if (reg == null || reg.isBlank()) {
        if (receipt.chain() == null) {
          return new Check("proof", false, "no registry: give --registry or LOCKERISM_REGISTRY");
        }
        reg = chain.registryOf(receipt.chain().ledger()).toString();
      }
      Optional<Boolean> accepted =
          chain.registeredVerifierAccepts(
              reg,
              receipt.snapshotId(),
              ReceiptCheck.proofBytes(receipt),
              ReceiptCheck.publicInputWords(receipt));
      if (accepted.isEmpty()) {
        return new Check(
            "proof", false, "the registry " + reg + " has no verifier for this snapshot");
      }
      return new Check(
          "proof",
          accepted.get(),
          "the verifier registered for the snapshot in "
              + reg
              + (accepted.get() ? " accepts it (eth_call)" : " rejects it (eth_call)"));
    }

    private static Check record(ReceiptOnChain chain, Receipt receipt, long chainId) {
      Receipt.Chain where = receipt.chain();
      if (where.chainId() != chainId) {
        return new Check(
            "transaction",
            false,
            "the receipt names chain " + where.chainId() + ", not " + chainId);
      }
      List<ReceiptOnChain.Recorded> records =
          chain.feedVerifiedIn(where.ledger(), where.transaction());
      Word commitL = Word.parse(receipt.commitL(), "C_L");
      Word commitF = Word.parse(receipt.commitF(), "C_F");
      for (ReceiptOnChain.Recorded r : records) {
        if (r.snapshotId().equals(receipt.snapshotId())
            && r.commitL().equals(commitL)
            && r.commitF().equals(commitF)
            && r.k() == receipt.k()
            && sentByThePublisher(receipt, r.submitter())) {
          return new Check(
              "transaction",
              true,
              where.transaction()
                  + " recorded FeedVerified(snapshot, C_L, C_F, k) in "
                  + where.ledger()
                  + ", sent by "
                  + r.submitter());
        }
      }
      return new Check(
          "transaction",
          false,
          records.isEmpty()
              ? where.transaction() + " emitted no FeedVerified record in " + where.ledger()
              : where.transaction()
                  + " recorded another snapshot, commitment, k or publisher than the receipt's");
    }

    /**
     * Whether {@code submitter} is the wallet the proof was made for (the sixth public input, which
     * the ledger fills with the transaction's sender); a receipt without one binds no publisher.
     */
    private static boolean sentByThePublisher(Receipt receipt, Address submitter) {
      List<String> in = receipt.publicInputs();
      if (in.size() <= PUBLISHER_INPUT) {
        return true;
      }
      String word = in.get(PUBLISHER_INPUT);
      return word.length() >= 40
          && Address.parse("0x" + word.substring(word.length() - 40)).equals(submitter);
    }

    /** Position of the publisher among the public inputs (docs/proofs.md, "Receipts"). */
    private static final int PUBLISHER_INPUT = 5;
  }
}
