package io.lockerism.cli;

import io.lockerism.chain.ChainClient;
import io.lockerism.chain.RegistrationAudit;
import io.lockerism.chain.VerifierCompiler;
import io.lockerism.engine.NativeEngine;
import io.lockerism.engine.SnapshotAudit;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = {
      "Check that a snapshot's chain registration belongs to exactly that snapshot, "
          + "from its published canonical bytes alone (e.g. GET /api/v1/snapshots/{id}/bytes).",
      "Computes the id (SHA-256 of the bytes), compiles the feed circuit afresh, obtains its "
          + "keys — by verifying a ceremony transcript against the rebuilt circuit (--phase1, "
          + "--phase2, --beacon), or from a prover cache holding a development setup "
          + "(--prover-cache) — and checks that the registry and ledger run the bundled "
          + "contracts' code, and the ModelRegistry entry: registered verifier, "
          + "metadata, verifying key hash, deployed bytecode equal to the pinned solc's "
          + "compilation of the verifier for that key, and a sample proof of the rebuilt circuit "
          + "accepted on chain. Exits 1 when any check fails. Reads the chain only; needs no "
          + "key and no database."
    })
final class SnapshotAuditCommand implements Callable<Integer> {

  /** Larger snapshots do not fit one Java array; none comes close (1M × 128 is ~150 MB). */
  private static final long MAX_BYTES = Integer.MAX_VALUE - 16;

  @Spec CommandSpec spec;

  @Option(
      names = "--bytes",
      required = true,
      paramLabel = "FILE|URL",
      description =
          "The snapshot's canonical bytes: a file, or an http(s) URL such as "
              + "https://HOST/api/v1/snapshots/ID/bytes.")
  String bytes;

  @Option(
      names = "--rpc-url",
      paramLabel = "URL",
      defaultValue = "${env:LOCKERISM_RPC_URL}",
      description = "JSON-RPC endpoint of the chain (default: LOCKERISM_RPC_URL).")
  String rpcUrl;

  @Option(
      names = "--chain-id",
      paramLabel = "ID",
      defaultValue = "${env:LOCKERISM_CHAIN_ID:-0}",
      description = "Chain id (default: LOCKERISM_CHAIN_ID).")
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

  @Option(
      names = "--phase1",
      arity = "1..*",
      paramLabel = "FILE",
      description = "Ceremony: phase-1 contributions, first to last.")
  List<Path> phase1;

  @Option(
      names = "--phase2",
      arity = "1..*",
      paramLabel = "FILE",
      description = "Ceremony: phase-2 contributions, first to last.")
  List<Path> phase2;

  @Option(
      names = "--beacon",
      paramLabel = "HEX",
      description =
          "Ceremony: the public beacon that sealed phase 1 (and phase 2, unless "
              + "--phase2-beacon).")
  String beacon;

  @Option(
      names = "--phase2-beacon",
      paramLabel = "HEX",
      description = "Ceremony: the public beacon that sealed phase 2.")
  String phase2Beacon;

  @Option(
      names = "--prover-cache",
      paramLabel = "DIR",
      description =
          "Instead of a transcript: a prover cache holding the snapshot's keys (e.g. "
              + "DATA_DIR/prover of the app that registered a development setup).")
  Path proverCache;

  @Option(
      names = "--work-dir",
      paramLabel = "DIR",
      defaultValue = "${sys:java.io.tmpdir}/lockerism-audit",
      description =
          "Scratch space: the extracted solc and the ceremony's SRS (default: "
              + "${DEFAULT-VALUE}).")
  Path workDir;

  @Option(
      names = "--node",
      paramLabel = "PATH",
      defaultValue = "${env:LOCKERISM_NODE:-node}",
      description = "Node.js, which runs the pinned solc (default: ${DEFAULT-VALUE}).")
  String nodeExecutable;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    requireChain();
    SnapshotAudit.Keys keys = keys();
    byte[] data = read(bytes);
    String id = HexFormat.of().formatHex(sha256(data));
    out.printf("Snapshot %s: SHA-256 of the %,d bytes at %s%n", id, data.length, bytes);
    out.flush();
    Files.createDirectories(workDir);
    RegistrationAudit.Report report;
    try (ChainClient client = ChainClient.connect(rpcUrl, chainId, null)) {
      report =
          RegistrationAudit.audit(
              client,
              registry,
              ledger,
              new VerifierCompiler(workDir, nodeExecutable),
              id,
              keys instanceof SnapshotAudit.CeremonyTranscript,
              () -> rebuild(out, data, keys));
    }
    for (RegistrationAudit.Check c : report.checks()) {
      out.printf("%s %s: %s%n", c.passed() ? "PASS" : "FAIL", c.name(), c.detail());
    }
    if (!report.passed()) {
      out.println(
          "Audit FAILED: the registration of snapshot "
              + id
              + " does not belong to "
              + "exactly these bytes.");
      return 1;
    }
    if (report.developmentSetup()) {
      out.println(
          "Note: the keys come from a development setup; whoever ran it could forge "
              + "proofs. Only a ceremony transcript (--phase1/--phase2/--beacon) rules that out.");
    } else if (!report.transcriptVerified()) {
      out.println(
          "Note: the keys were read from a prover cache that records them as from a ceremony; "
              + "no transcript was verified here. Verify it with --phase1/--phase2/--beacon.");
    }
    out.println("Audit passed: the registered verifier and key belong to exactly this snapshot.");
    return 0;
  }

  private static SnapshotAudit.Result rebuild(
      PrintWriter out, byte[] data, SnapshotAudit.Keys keys) {
    long t0 = System.nanoTime();
    SnapshotAudit.Result r = SnapshotAudit.run(NativeEngine.load(), data, keys);
    out.printf(
        "Rebuilt its feed circuit: %d profiles × %d features, w = %d, %,d constraints; "
            + "keys: %s; verifying key SHA-256 %s (%.1f s)%n",
        r.profiles(),
        r.features(),
        r.weight(),
        r.constraints(),
        r.setup(),
        r.vkSha256(),
        (System.nanoTime() - t0) / 1e9);
    out.flush();
    return r;
  }

  private void requireChain() {
    if (rpcUrl == null || rpcUrl.isBlank()) {
      throw new IllegalArgumentException("--rpc-url (or LOCKERISM_RPC_URL) is required");
    }
    if (chainId <= 0) {
      throw new IllegalArgumentException("--chain-id (or LOCKERISM_CHAIN_ID) is required");
    }
    if (registry == null || !registry.matches("0x[0-9a-fA-F]{40}")) {
      throw new IllegalArgumentException(
          "--registry (or LOCKERISM_REGISTRY) must be a 0x " + "address, got " + registry);
    }
    if (ledger == null || !ledger.matches("0x[0-9a-fA-F]{40}")) {
      throw new IllegalArgumentException(
          "--ledger (or LOCKERISM_LEDGER) must be a 0x address, got " + ledger);
    }
  }

  private SnapshotAudit.Keys keys() {
    boolean transcript = phase1 != null || phase2 != null || beacon != null;
    if (transcript == (proverCache != null)) {
      throw new IllegalArgumentException(
          "give either a ceremony transcript (--phase1, --phase2, "
              + "--beacon) or --prover-cache, not both and not neither");
    }
    if (proverCache != null) {
      if (!Files.isDirectory(proverCache)) {
        throw new IllegalArgumentException(
            "--prover-cache " + proverCache + " is not a " + "directory");
      }
      return new SnapshotAudit.ProverCache(proverCache);
    }
    if (phase1 == null || phase2 == null || beacon == null) {
      throw new IllegalArgumentException(
          "a ceremony transcript needs --phase1, --phase2 and " + "--beacon");
    }
    phase1.forEach(p -> CeremonyCommand.requireFile(p, "phase-1 contribution"));
    phase2.forEach(p -> CeremonyCommand.requireFile(p, "phase-2 contribution"));
    byte[] b1 = CeremonyCommand.beacon(beacon, "--beacon");
    byte[] b2 = phase2Beacon == null ? b1 : CeremonyCommand.beacon(phase2Beacon, "--phase2-beacon");
    return new SnapshotAudit.CeremonyTranscript(phase1, phase2, b1, b2, workDir);
  }

  /** The bytes of a file or an http(s) URL, at most {@link #MAX_BYTES}. */
  static byte[] read(String source) throws IOException {
    if (!source.startsWith("http://") && !source.startsWith("https://")) {
      Path file = Path.of(source);
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException("--bytes: no file " + source);
      }
      return Files.readAllBytes(file);
    }
    HttpClient http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    try {
      HttpResponse<InputStream> r =
          http.send(
              HttpRequest.newBuilder(URI.create(source))
                  .timeout(Duration.ofMinutes(5))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = r.body()) {
        if (r.statusCode() != 200) {
          throw new IllegalArgumentException("GET " + source + " answered HTTP " + r.statusCode());
        }
        byte[] body = in.readNBytes((int) MAX_BYTES + 1);
        if (body.length > MAX_BYTES) {
          throw new IllegalArgumentException(source + " is larger than any snapshot can be");
        }
        return body;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while downloading " + source, e);
    }
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
