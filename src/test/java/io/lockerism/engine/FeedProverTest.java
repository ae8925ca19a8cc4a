package io.lockerism.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockerism.evm.Address;
import io.lockerism.model.PlaintextScorer;
import io.lockerism.model.Snapshot;
import io.lockerism.testing.RandomSnapshots;
import io.lockerism.testing.TestApp;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The feed proof through JNA: HE scores checked, proof made, verified, tampering refused. */
class FeedProverTest {

  private static final Snapshot SNAPSHOT = RandomSnapshots.random(5, 200, 64, 4);
  private static final Address WALLET = Address.parse("0x" + "a1".repeat(20));
  private static FeedProver prover;

  @BeforeAll
  static void setUp() {
    prover = prover(SNAPSHOT);
  }

  @AfterAll
  static void tearDown() {
    prover.close();
  }

  static FeedProver prover(Snapshot s) {
    return FeedProver.open(
        NativeEngine.load(),
        s,
        TestApp.tempDir(),
        FeedProver.KeySource.CACHED_OR_DEVELOPMENT_SETUP);
  }

  @Test
  void provesTheModelsFeedAndTheProofVerifies() {
    Set<Integer> liked = Set.of(3, 17, 42);
    long[] scores = LattigoBgvTest.encryptedScores(SNAPSHOT, liked);
    FeedProof proof = prover.prove(new int[] {3, 17, 42}, 10, scores, WALLET);
    List<Integer> expected = new ArrayList<>();
    for (int i : PlaintextScorer.feed(SNAPSHOT, liked, 10)) {
      expected.add(i);
    }
    assertEquals(expected, proof.feed());
    assertEquals(6, proof.publicInputs().size());
    assertEquals("0x" + "0".repeat(24) + "a1".repeat(20), proof.publicInputs().get(5), "publisher");
    assertEquals(proof.commitL(), proof.publicInputs().get(2));
    assertEquals(proof.commitF(), proof.publicInputs().get(3));
    assertEquals(
        SNAPSHOT.id().substring(0, 32),
        proof.publicInputs().get(0).substring(2 + 32),
        "snapshot id high half");
    prover.verify(proof.proof(), proof.publicInputs());
  }

  @Test
  void aTamperedProofOrPublicInputDoesNotVerify() {
    FeedProof proof =
        prover.prove(new int[0], 5, LattigoBgvTest.encryptedScores(SNAPSHOT, Set.of()), WALLET);
    char[] p = proof.proof().toCharArray();
    p[40] = p[40] == '0' ? '1' : '0';
    assertThrows(
        NativeEngineException.class, () -> prover.verify(new String(p), proof.publicInputs()));
    List<String> inputs = new ArrayList<>(proof.publicInputs());
    inputs.set(4, "0x" + "0".repeat(63) + "6");
    assertThrows(NativeEngineException.class, () -> prover.verify(proof.proof(), inputs));
  }

  @Test
  void scoresThatDifferFromTheModelAreAnEvaluatorFaultAndNotProven() {
    long[] scores = LattigoBgvTest.encryptedScores(SNAPSHOT, Set.of(1));
    scores[150] += 1;
    NativeEngineException e =
        assertThrows(
            NativeEngineException.class, () -> prover.prove(new int[] {1}, 5, scores, WALLET));
    assertEquals(EngineStatus.EVALUATOR_FAULT, e.status());
    assertTrue(e.getMessage().contains("evaluator fault"));
  }

  @Test
  void aProofVerifiesOnlyForThePublisherItWasMadeFor() {
    long[] scores = LattigoBgvTest.encryptedScores(SNAPSHOT, Set.of(7));
    FeedProof proof = prover.prove(new int[] {7}, 4, scores, WALLET);
    prover.verify(proof.proof(), proof.publicInputs());
    List<String> inputs = new ArrayList<>(proof.publicInputs());
    for (String other :
        List.of("0x" + "0".repeat(24) + "a1".repeat(19) + "a0", "0x" + "0".repeat(64))) {
      inputs.set(5, other);
      assertThrows(NativeEngineException.class, () -> prover.verify(proof.proof(), inputs), other);
    }
    // Not an address: 2^160 + the publisher.
    inputs.set(5, "0x" + "0".repeat(23) + "1" + "a1".repeat(20));
    assertThrows(NativeEngineException.class, () -> prover.verify(proof.proof(), inputs));
    // Only a 20-byte publisher crosses the ABI.
    NativeEngineException e =
        assertThrows(
            NativeEngineException.class,
            () ->
                NativeEngine.load()
                    .call(
                        (err, cap) ->
                            NativeEngine.load()
                                .lib()
                                .lk_zk_prove(
                                    prover.handle(),
                                    new int[] {7},
                                    1,
                                    4,
                                    scores,
                                    scores.length,
                                    new byte[19],
                                    19,
                                    new com.sun.jna.ptr.LongByReference(),
                                    err,
                                    cap)));
    assertEquals(EngineStatus.INVALID_ARGUMENT, e.status());
    assertTrue(e.getMessage().contains("20-byte address"), e.getMessage());
  }

  @Test
  void theCircuitBindsTheIdTheEngineComputed() {
    assertEquals(SNAPSHOT.id(), prover.snapshotId());
  }

  @Test
  void withoutCachedKeysOnlyADevelopmentSetupOpensAProver() {
    Snapshot other = RandomSnapshots.random(6, 30, 16, 2);
    java.nio.file.Path empty = TestApp.tempDir();
    NativeEngineException e =
        assertThrows(
            NativeEngineException.class,
            () -> FeedProver.open(NativeEngine.load(), other, empty, FeedProver.KeySource.CACHED));
    assertEquals(EngineStatus.INVALID_ARGUMENT, e.status());
    assertTrue(e.getMessage().contains("no keys cached"), e.getMessage());
    try (FeedProver dev =
            FeedProver.open(
                NativeEngine.load(),
                other,
                empty,
                FeedProver.KeySource.CACHED_OR_DEVELOPMENT_SETUP);
        FeedProver cached =
            FeedProver.open(NativeEngine.load(), other, empty, FeedProver.KeySource.CACHED)) {
      assertEquals("development", cached.setupInfo().setup());
      assertEquals(
          dev.setupInfo().vkSha256(),
          cached.setupInfo().vkSha256(),
          "the second open loads the keys the first one made");
    }
  }

  @Test
  void theExportedVerifierImplementsIFeedVerifier() {
    String source = prover.verifierSolidity();
    assertTrue(source.contains("contract FeedVerifier"), "adapter contract");
    assertTrue(source.contains("function verifyFeed(bytes calldata"), source.substring(0, 200));
  }
}
