package io.lockerism.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockerism.model.PlaintextScorer;
import io.lockerism.model.Snapshot;
import io.lockerism.testing.RandomSnapshots;
import io.lockerism.testing.TestApp;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The feed proof through JNA: HE scores checked, proof made, verified, tampering refused. */
class FeedProverTest {

  private static final Snapshot SNAPSHOT = RandomSnapshots.random(5, 200, 64, 4);
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
    return FeedProver.loadOrSetUp(NativeEngine.load(), HexFormat.of().parseHex(s.id()), s.d(),
        s.size(), s.matrixBytes(), s.priorBytes(), s.weight(), TestApp.tempDir());
  }

  @Test
  void provesTheModelsFeedAndTheProofVerifies() {
    Set<Integer> liked = Set.of(3, 17, 42);
    long[] scores = LattigoBgvTest.encryptedScores(SNAPSHOT, liked);
    FeedProof proof = prover.prove(new int[] {3, 17, 42}, 10, scores);
    List<Integer> expected = new ArrayList<>();
    for (int i : PlaintextScorer.feed(SNAPSHOT, liked, 10)) {
      expected.add(i);
    }
    assertEquals(expected, proof.feed());
    assertEquals(5, proof.publicInputs().size());
    assertEquals(proof.commitL(), proof.publicInputs().get(2));
    assertEquals(proof.commitF(), proof.publicInputs().get(3));
    assertEquals(SNAPSHOT.id().substring(0, 32),
        proof.publicInputs().get(0).substring(2 + 32), "snapshot id high half");
    prover.verify(proof.proof(), proof.publicInputs());
  }

  @Test
  void aTamperedProofOrPublicInputDoesNotVerify() {
    FeedProof proof = prover.prove(new int[0], 5, LattigoBgvTest.encryptedScores(SNAPSHOT,
        Set.of()));
    char[] p = proof.proof().toCharArray();
    p[40] = p[40] == '0' ? '1' : '0';
    assertThrows(NativeEngineException.class,
        () -> prover.verify(new String(p), proof.publicInputs()));
    List<String> inputs = new ArrayList<>(proof.publicInputs());
    inputs.set(4, "0x" + "0".repeat(63) + "6");
    assertThrows(NativeEngineException.class, () -> prover.verify(proof.proof(), inputs));
  }

  @Test
  void scoresThatDifferFromTheModelAreAnEvaluatorFaultAndNotProven() {
    long[] scores = LattigoBgvTest.encryptedScores(SNAPSHOT, Set.of(1));
    scores[150] += 1;
    NativeEngineException e = assertThrows(NativeEngineException.class,
        () -> prover.prove(new int[] {1}, 5, scores));
    assertEquals(FeedProver.CODE_EVALUATOR_FAULT, e.code());
    assertTrue(e.getMessage().contains("evaluator fault"));
  }

  @Test
  void theExportedVerifierImplementsIFeedVerifier() {
    String source = prover.verifierSolidity();
    assertTrue(source.contains("contract FeedVerifier"), "adapter contract");
    assertTrue(source.contains("function verifyFeed(bytes calldata"), source.substring(0, 200));
  }
}
