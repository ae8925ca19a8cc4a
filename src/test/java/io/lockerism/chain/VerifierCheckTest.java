package io.lockerism.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockerism.engine.DevChain;
import io.lockerism.engine.FeedProver;
import io.lockerism.engine.NativeEngine;
import io.lockerism.evm.Address;
import io.lockerism.model.Snapshot;
import io.lockerism.proof.ProofResult;
import io.lockerism.proof.Provers;
import io.lockerism.testing.RandomSnapshots;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;

/**
 * The post-deploy check on the real dev chain: a snapshot is registered only after its freshly
 * deployed verifier accepted a proof of the snapshot's own keys and rejected it tampered. The
 * verifier of another snapshot, and a verifier that cannot reach the pairing precompile (as on a
 * chain without it), are deployed but refused, and the snapshot stays unregistered.
 */
class VerifierCheckTest {

  @TempDir static Path dir;
  static DevChain chain;
  static ChainClient client;
  static ModelRegistryClient registry;
  static Provers provers;
  static Snapshot a = RandomSnapshots.random(31, 10, 16, 3);
  static Snapshot b = RandomSnapshots.random(32, 10, 16, 3);
  static Snapshot c = RandomSnapshots.random(33, 10, 16, 3);

  @BeforeAll
  static void start() {
    NativeEngine engine = NativeEngine.load();
    chain = DevChain.start(engine, 0);
    client =
        ChainClient.connect(
            chain.info().rpcUrl(), 1337, Credentials.create(chain.info().deployerPrivateKey()));
    Deployment deployed = Deployment.deploy(client);
    registry =
        new ModelRegistryClient(
            client, deployed.registry(), new VerifierCompiler(dir.resolve("solc"), "node"));
    provers = new Provers(engine, dir.resolve("prover"));
  }

  @AfterAll
  static void stop() {
    provers.close();
    client.close();
    chain.close();
  }

  @Test
  void aVerifierThatAcceptsTheSnapshotsOwnProofIsRegistered() {
    FeedProver prover = provers.forSnapshot(a);
    Address verifier =
        registry.ensureRegistered(a.id(), prover.verifierSolidity(), "{}", sample(a, prover));
    assertEquals(verifier, registry.verifierOf(a.id()).orElseThrow());
  }

  @Test
  void theVerifierOfAnotherSnapshotIsRefusedAndNothingIsRegistered() {
    String otherVerifier = provers.forSnapshot(a).verifierSolidity();
    VerifierCheckException e =
        assertThrows(
            VerifierCheckException.class,
            () ->
                registry.ensureRegistered(
                    b.id(), otherVerifier, "{}", sample(b, provers.forSnapshot(b))));
    assertTrue(
        e.getMessage().contains("rejects a proof made with this snapshot's own keys"),
        e.getMessage());
    assertTrue(e.getMessage().contains("the snapshot was not registered"), e.getMessage());
    assertTrue(registry.verifierOf(b.id()).isEmpty(), "B stays unregistered");
  }

  @Test
  void aVerifierWithoutThePairingPrecompileIsRefused() {
    FeedProver prover = provers.forSnapshot(c);
    String source = prover.verifierSolidity();
    String pairing = "staticcall(PAIRING_GAS, 0x08,";
    assertTrue(source.contains(pairing), "the verifier calls the pairing precompile at 0x08");
    // 0x0808 holds no code: a call to it succeeds and returns nothing, as the missing precompile
    // does on a chain without EIP-197. The verifier then answers one bit of its own input.
    String withoutPairing = source.replace(pairing, "staticcall(PAIRING_GAS, 0x0808,");
    VerifierCheckException e =
        assertThrows(
            VerifierCheckException.class,
            () -> registry.ensureRegistered(c.id(), withoutPairing, "{}", sample(c, prover)));
    assertTrue(e.getMessage().contains("precompile"), e.getMessage());
    assertTrue(e.getMessage().contains("the snapshot was not registered"), e.getMessage());
    assertTrue(registry.verifierOf(c.id()).isEmpty(), "C stays unregistered");
  }

  private static Supplier<SampleProof> sample(Snapshot s, FeedProver prover) {
    return () -> {
      ProofResult p = Provers.coldStartProof(s, prover);
      return new SampleProof(p.proof(), p.publicInputs());
    };
  }
}
