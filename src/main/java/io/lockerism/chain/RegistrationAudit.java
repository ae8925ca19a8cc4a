package io.lockerism.chain;

import com.fasterxml.jackson.databind.JsonNode;
import io.lockerism.engine.SnapshotAudit;
import io.lockerism.evm.Hex;
import io.lockerism.evm.Word;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.StaticArray;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.core.DefaultBlockParameterName;

/**
 * The chain half of {@code lockerism snapshot audit}: does the ModelRegistry entry of a snapshot
 * belong to exactly the snapshot the engine rebuilt from its published bytes ({@link
 * SnapshotAudit})? Every check runs and is reported, so an auditor sees all that is wrong:
 *
 * <ol>
 *   <li>registry code, ledger code — the contracts at the audited addresses are the bundled
 *       ModelRegistry and FeedLedger ({@link BundledCode});
 *   <li>registered — the registry has a verifier for the id (the SHA-256 of the bytes);
 *   <li>metadata — the entry's profile count, features and weight are the snapshot's;
 *   <li>verifying key — the entry's vkSha256 is the hash of the key obtained for the rebuilt
 *       circuit (and a ceremony entry names the transcript's beacons);
 *   <li>verifier code — the code deployed at the verifier address is exactly what the pinned solc
 *       compiles from the verifier exported for that key;
 *   <li>sample proof — the deployed verifier accepts a proof the rebuilt circuit made.
 * </ol>
 */
public final class RegistrationAudit {

  private RegistrationAudit() {}

  /** One check's outcome, with a sentence saying what was compared. */
  public record Check(String name, boolean passed, String detail) {}

  /**
   * All checks of one registration.
   *
   * @param verifier the registered verifier address, or null when the id is not registered
   * @param setup the audited keys' setup record, or null when the id is not registered
   * @param transcriptVerified the keys were obtained by verifying a ceremony transcript against the
   *     rebuilt circuit (not read from a prover cache, whose record is only a claim)
   */
  public record Report(
      String snapshotId,
      String verifier,
      String setup,
      boolean transcriptVerified,
      List<Check> checks) {

    public Report {
      checks = List.copyOf(checks);
    }

    public boolean passed() {
      return !checks.isEmpty() && checks.stream().allMatch(Check::passed);
    }

    /** The audited keys came from a development setup (null setup: nothing was rebuilt). */
    public boolean developmentSetup() {
      return setup != null && !setup.startsWith("ceremony:");
    }
  }

  /**
   * Audits the registry and ledger contracts and the registration of snapshot {@code id} in the
   * registry at {@code registry}. The snapshot is rebuilt (the slow part) only when the id is
   * registered at all.
   *
   * @param fromTranscript {@code rebuild} verifies a ceremony transcript (rather than reading a
   *     prover cache)
   */
  public static Report audit(
      ChainClient client,
      String registry,
      String ledger,
      VerifierCompiler compiler,
      String id,
      boolean fromTranscript,
      Supplier<SnapshotAudit.Result> rebuild) {
    List<Check> checks = new ArrayList<>();
    Check registryCode = BundledCode.registry(client, registry);
    checks.add(registryCode);
    checks.add(BundledCode.ledger(client, ledger, registry));
    if (!registryCode.passed()) {
      return new Report(id, null, null, false, checks); // its entries mean nothing
    }
    List<Type> entry =
        client.call(
            registry,
            new Function(
                "snapshotOf",
                List.of(Abi.snapshotId(id)),
                List.of(
                    new TypeReference<Address>() {},
                    new TypeReference<Utf8String>() {},
                    new TypeReference<Uint256>() {})));
    String verifier = ((Address) entry.get(0)).getValue();
    if (io.lockerism.evm.Address.parse(verifier).isZero()) {
      checks.add(
          new Check(
              "registered",
              false,
              "ModelRegistry "
                  + registry
                  + " has no verifier for snapshot "
                  + id
                  + ": these bytes are not a "
                  + "registered model (one changed byte gives another id)"));
      return new Report(id, null, null, false, checks);
    }
    SnapshotAudit.Result rebuilt = rebuild.get();
    if (!rebuilt.snapshotId().equals(id)) {
      throw new IllegalStateException(
          "the engine computed snapshot id " + rebuilt.snapshotId() + " for the bytes of " + id);
    }
    checks.add(
        new Check(
            "registered",
            true,
            "ModelRegistry " + registry + " names verifier " + verifier + " for snapshot " + id));
    JsonNode metadata = metadata(((Utf8String) entry.get(1)).getValue());
    checks.add(metadataCheck(metadata, rebuilt));
    checks.add(keyCheck(metadata, rebuilt, fromTranscript));
    checks.add(codeCheck(client, compiler, verifier, rebuilt));
    checks.add(sampleProofCheck(client, verifier, rebuilt));
    return new Report(id, verifier, rebuilt.setup(), fromTranscript, checks);
  }

  private static JsonNode metadata(String json) {
    try {
      return ContractArtifact.JSON.readTree(json.isBlank() ? "{}" : json);
    } catch (IOException e) {
      return ContractArtifact.JSON.createObjectNode();
    }
  }

  private static Check metadataCheck(JsonNode m, SnapshotAudit.Result r) {
    String claimed =
        m.path("profiles").asText("?")
            + " profiles × "
            + m.path("features").asText("?")
            + " features, w = "
            + m.path("weight").asText("?");
    String actual = r.profiles() + " profiles × " + r.features() + " features, w = " + r.weight();
    boolean ok =
        m.path("profiles").asLong(-1) == r.profiles()
            && m.path("features").asLong(-1) == r.features()
            && m.path("weight").asLong(-1) == r.weight();
    return new Check(
        "metadata",
        ok,
        ok
            ? "the entry describes " + actual + ", as the bytes do"
            : "the entry describes " + claimed + ", the bytes hold " + actual);
  }

  private static Check keyCheck(JsonNode m, SnapshotAudit.Result r, boolean fromTranscript) {
    String claimed = m.path("vkSha256").asText("");
    if (!claimed.equalsIgnoreCase(r.vkSha256())) {
      return new Check(
          "verifying key",
          false,
          "the entry's vkSha256 is "
              + (claimed.isEmpty() ? "missing" : claimed)
              + ", but the key for this snapshot's "
              + "rebuilt circuit ("
              + r.setup()
              + ") hashes to "
              + r.vkSha256());
    }
    if (r.setup().startsWith("ceremony:") && !r.setup().equals(m.path("ceremony").asText())) {
      return new Check(
          "verifying key",
          false,
          "the key matches, but the entry names the "
              + "ceremony "
              + m.path("ceremony").asText("(none)")
              + ", not "
              + r.setup());
    }
    return new Check(
        "verifying key",
        true,
        "the entry's vkSha256 "
            + claimed
            + " is the key "
            + "for this snapshot's rebuilt circuit ("
            + describe(r.setup(), fromTranscript)
            + ")");
  }

  private static Check codeCheck(
      ChainClient client, VerifierCompiler compiler, String verifier, SnapshotAudit.Result r) {
    ContractArtifact compiled =
        compiler.compile(r.verifierSolidity(), ModelRegistryClient.VERIFIER_CONTRACT);
    String deployed = code(client, verifier);
    boolean ok = deployed.equalsIgnoreCase(compiled.deployedBytecode());
    int deployedBytes = (deployed.length() - 2) / 2;
    int compiledBytes = (compiled.deployedBytecode().length() - 2) / 2;
    return new Check(
        "verifier code",
        ok,
        ok
            ? "the "
                + deployedBytes
                + " bytes of code at "
                + verifier
                + " are exactly "
                + compiled.compiler()
                + "'s compilation of the verifier "
                + "exported for that key"
            : "the code at "
                + verifier
                + " ("
                + deployedBytes
                + " bytes) is not "
                + compiled.compiler()
                + "'s compilation of the verifier exported for the key of "
                + "this snapshot's circuit ("
                + compiledBytes
                + " bytes): it verifies something else");
  }

  private static Check sampleProofCheck(
      ChainClient client, String verifier, SnapshotAudit.Result r) {
    List<Uint256> words =
        r.sampleProof().publicInputs().stream()
            .map(w -> new Uint256(Word.parse(w, "a public input").toBigInteger()))
            .toList();
    byte[] proof = Hex.parse(r.sampleProof().proof(), "the sample proof");
    String what =
        "a proof the rebuilt circuit made (likes "
            + r.sampleLikes()
            + ", k = "
            + r.sampleProof().k()
            + ")";
    try {
      // StaticArray is abstract in web3j 4.13; its length is the proof's input count.
      List<Type> out =
          client.call(
              verifier,
              new Function(
                  "verifyFeed",
                  List.of(new DynamicBytes(proof), new StaticArray<>(Uint256.class, words) {}),
                  List.of(new TypeReference<Bool>() {})));
      boolean ok = !out.isEmpty() && ((Bool) out.get(0)).getValue();
      return new Check(
          "sample proof",
          ok,
          (ok ? "the deployed verifier accepts " : "the deployed verifier rejects ") + what);
    } catch (ChainException e) {
      return new Check(
          "sample proof",
          false,
          "the deployed verifier reverted on " + what + ": " + e.getMessage());
    }
  }

  static String code(ChainClient client, String address) {
    try {
      String code =
          ChainClient.check(
                  client.web3j().ethGetCode(address, DefaultBlockParameterName.LATEST).send(),
                  "eth_getCode")
              .getCode();
      return code == null ? "0x" : code.toLowerCase(Locale.ROOT);
    } catch (IOException e) {
      throw ChainClient.unreachable(e);
    }
  }

  /** Says "verified" only of a transcript this audit verified. */
  private static String describe(String setup, boolean fromTranscript) {
    if (fromTranscript) {
      return "keys from the ceremony transcript, verified against the rebuilt circuit";
    }
    return setup.startsWith("ceremony:")
        ? "keys from a prover cache that records them as from a ceremony; no transcript was "
            + "verified here"
        : "development setup keys";
  }
}
