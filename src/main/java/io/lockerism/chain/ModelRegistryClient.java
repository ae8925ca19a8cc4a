package io.lockerism.chain;

import io.lockerism.evm.Address;
import io.lockerism.evm.Word;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.StaticArray;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;

/**
 * The ModelRegistry contract: which verifier each snapshot is registered with. Registering compiles
 * the snapshot's exported verifier with the pinned solc, deploys it and enters it; only the
 * registry's operator may.
 */
public final class ModelRegistryClient {

  private static final Logger LOG = LoggerFactory.getLogger(ModelRegistryClient.class);

  /** The adapter contract every exported verifier source contains. */
  public static final String VERIFIER_CONTRACT = "FeedVerifier";

  private final ChainClient client;
  private final Address registry;
  private final VerifierCompiler compiler;

  ModelRegistryClient(ChainClient client, Address registry, VerifierCompiler compiler) {
    this.client = client;
    this.registry = registry;
    this.compiler = compiler;
  }

  public Address address() {
    return registry;
  }

  /** The verifier registered for a snapshot, if any. */
  public Optional<Address> verifierOf(String snapshotId) {
    List<Type> r =
        client.call(
            registry.toString(),
            new Function(
                "verifierOf",
                List.of(Abi.snapshotId(snapshotId)),
                List.of(new TypeReference<org.web3j.abi.datatypes.Address>() {})));
    Address verifier = Abi.address((org.web3j.abi.datatypes.Address) r.get(0));
    return verifier.isZero() ? Optional.empty() : Optional.of(verifier);
  }

  /**
   * The setup the registry entry of a snapshot names in its metadata ({@code "development"} or
   * {@code "ceremony"}), as its registrar claimed it; empty when the snapshot is not registered or
   * the metadata names none.
   */
  public Optional<String> registeredSetup(String snapshotId) {
    List<Type> entry =
        client.call(
            registry.toString(),
            new Function(
                "snapshotOf",
                List.of(Abi.snapshotId(snapshotId)),
                List.of(
                    new TypeReference<org.web3j.abi.datatypes.Address>() {},
                    new TypeReference<Utf8String>() {},
                    new TypeReference<Uint256>() {})));
    if (Abi.address((org.web3j.abi.datatypes.Address) entry.get(0)).isZero()) {
      return Optional.empty();
    }
    try {
      String setup =
          ContractArtifact.JSON
              .readTree(((Utf8String) entry.get(1)).getValue())
              .path("setup")
              .asText("");
      return setup.isEmpty() ? Optional.empty() : Optional.of(setup);
    } catch (java.io.IOException e) {
      return Optional.empty();
    }
  }

  /**
   * Makes sure a snapshot has a verifier in the ModelRegistry: when it has none, compiles {@code
   * verifierSolidity} (gnark's exported verifier plus the {@value #VERIFIER_CONTRACT} adapter
   * implementing IFeedVerifier), deploys the {@value #VERIFIER_CONTRACT} contract, checks it with
   * {@code sample} through eth_call, and only then registers it with {@code metadataJson}.
   * Idempotent: a registered snapshot is returned as is, without compiling. Needs the registry
   * operator's key.
   *
   * @param sample makes a proof with the snapshot's own keys (only when a verifier was deployed):
   *     the verifier must accept it and reject it tampered, or the snapshot is not registered
   *     ({@link VerifierCheckException})
   * @return the verifier address
   */
  public synchronized Address ensureRegistered(
      String snapshotId,
      String verifierSolidity,
      String metadataJson,
      Supplier<SampleProof> sample) {
    Bytes32 id = Abi.snapshotId(snapshotId);
    String name = Abi.snapshotIdText(snapshotId);
    Optional<Address> existing = verifierOf(snapshotId);
    if (existing.isPresent()) {
      return existing.get();
    }
    if (client.address() == null) {
      throw new ChainException(
          "cannot register a snapshot: no operator key (set "
              + "LOCKERISM_DEPLOYER_KEY or use a keystore)");
    }
    ContractArtifact artifact = compiler.compile(verifierSolidity, VERIFIER_CONTRACT);
    ChainClient.Sent deployed =
        client.deploy(artifact.bytecode(), "deploy the verifier of " + "snapshot " + name);
    Address verifier = Address.parse(deployed.contractAddress());
    check(verifier, sample.get(), name);
    String data =
        FunctionEncoder.encode(
            new Function(
                "register",
                List.of(
                    id,
                    Abi.address(verifier),
                    new Utf8String(metadataJson == null ? "" : metadataJson)),
                List.of()));
    ChainClient.Sent registered =
        client.send(registry.toString(), data, BigInteger.ZERO, "register snapshot " + name);
    LOG.info(
        "Registered snapshot {} with verifier {} (deploy {} gas, register {} gas)",
        name,
        verifier,
        deployed.gasUsed(),
        registered.gasUsed());
    return verifier;
  }

  /**
   * The post-deploy check: the verifier must accept a proof of the snapshot's own keys (else it
   * verifies another key or snapshot, or the chain's precompiles fail) and reject every tampered
   * variant of it (else it accepts anything — as this verifier does, bit by chance, on a chain
   * without the BN254 pairing precompile, where the missing precompile's empty answer is read as
   * its result).
   */
  private void check(Address verifier, SampleProof sample, String name) {
    String refusal = null;
    if (!accepts(verifier, sample.proof(), sample.publicInputs())) {
      refusal =
          "rejects a proof made with this snapshot's own keys: its code verifies another key "
              + "or snapshot, or this chain's BN254 precompiles (EIP-196/197) do not work";
    } else {
      for (int i = 0; i < SampleProof.TAMPERED_VARIANTS && refusal == null; i++) {
        if (accepts(verifier, sample.tampered(i), sample.publicInputs())) {
          refusal =
              "accepts a tampered proof as well: this chain may lack the BN254 pairing "
                  + "precompile (EIP-197), and the verifier would accept anything";
        }
      }
    }
    if (refusal != null) {
      LOG.error("Verifier {} of snapshot {} failed its check: {}", verifier, name, refusal);
      throw new VerifierCheckException(
          "the verifier deployed at "
              + verifier
              + " for snapshot "
              + name
              + " "
              + refusal
              + "; the snapshot was not registered");
    }
  }

  /** One eth_call of verifyFeed; a revert counts as a rejection. */
  private boolean accepts(Address verifier, byte[] proof, List<Word> inputs) {
    List<Uint256> words = inputs.stream().map(w -> new Uint256(w.toBigInteger())).toList();
    try {
      // StaticArray is abstract in web3j 4.13; its length is the proof's input count.
      List<Type> out =
          client.call(
              verifier.toString(),
              new Function(
                  "verifyFeed",
                  List.of(new DynamicBytes(proof), new StaticArray<>(Uint256.class, words) {}),
                  List.of(new TypeReference<Bool>() {})));
      return !out.isEmpty() && ((Bool) out.get(0)).getValue();
    } catch (ContractRevertException e) {
      return false;
    }
  }
}
