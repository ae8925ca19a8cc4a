package io.lockerism.chain;

import io.lockerism.evm.Address;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;

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
   * Makes sure a snapshot has a verifier in the ModelRegistry: when it has none, compiles {@code
   * verifierSolidity} (gnark's exported verifier plus the {@value #VERIFIER_CONTRACT} adapter
   * implementing IFeedVerifier), deploys the {@value #VERIFIER_CONTRACT} contract and registers it
   * with {@code metadataJson}. Idempotent: a registered snapshot is returned as is, without
   * compiling. Needs the registry operator's key.
   *
   * @return the verifier address
   */
  public synchronized Address ensureRegistered(
      String snapshotId, String verifierSolidity, String metadataJson) {
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
}
