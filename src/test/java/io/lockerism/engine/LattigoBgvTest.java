package io.lockerism.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockerism.model.FeatureLayout;
import io.lockerism.model.PlaintextScorer;
import io.lockerism.model.ScoreBounds;
import io.lockerism.model.Snapshot;
import io.lockerism.testing.RandomSnapshots;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LattigoBgvTest {

  private static final LattigoBgv BGV = new LattigoBgv(NativeEngine.load());

  /** Homomorphic Encryption Standard: largest log2(QP) for 128-bit security per ring degree. */
  private static final Map<Integer, Integer> MAX_LOG_QP_128 =
      Map.of(1024, 27, 2048, 54, 4096, 109, 8192, 218, 16384, 438, 32768, 881);

  @Test
  void parametersReach128BitSecurityByTheHeStandard() {
    HeParameters p = BGV.parameters(64);
    int limit = MAX_LOG_QP_128.get(p.ringDegree());
    assertTrue(p.logQP() <= limit, "log2(QP) " + p.logQP() + " > " + limit);
    assertEquals(limit, p.maxLogQP128());
  }

  @ParameterizedTest
  @CsvSource({"16", "64", "128"})
  void thePlaintextModulusExceedsTheLargestPossibleScore(int d) {
    HeParameters p = BGV.parameters(d);
    long bound =
        ScoreBounds.maxScore(
            d,
            ScoreBounds.MAX_FEATURE,
            ScoreBounds.MAX_LIKES,
            ScoreBounds.MAX_WEIGHT,
            ScoreBounds.MAX_PRIOR);
    assertEquals(15L * 15 * ScoreBounds.MAX_LIKES * d + 255L * 15, bound);
    assertTrue(bound < p.t(), bound + " must stay below t = " + p.t());
    assertTrue(
        ScoreBounds.MAX_LIKES <= p.maxLikes()
            && ScoreBounds.MAX_WEIGHT <= p.maxWeight()
            && ScoreBounds.MAX_PRIOR <= p.maxPrior(),
        "the engine admits the model's caps");
  }

  @ParameterizedTest
  @CsvSource({"1, 64, 4", "1000, 64, 4", "1237, 128, 9", "20000, 64, 4"})
  void decryptedScoresEqualPlaintextScoresForEveryProfile(int n, int d, int w) {
    Snapshot s = RandomSnapshots.random(n * 31L + d, n, d, w);
    Set<Integer> liked = randomLikes(new Random(n), n, Math.min(n, 40));
    assertArrayEquals(PlaintextScorer.scores(s, liked), encryptedScores(s, liked));
  }

  @Test
  void exactAtTheValueBoundsWithNoiseBudgetToSpare() {
    int d = FeatureLayout.MAX_D;
    Snapshot s = RandomSnapshots.saturated(ScoreBounds.MAX_LIKES + 50, d, ScoreBounds.MAX_WEIGHT);
    Set<Integer> liked = new HashSet<>();
    for (int i = 0; i < ScoreBounds.MAX_LIKES; i++) {
      liked.add(i);
    }
    long[] scores = encryptedScores(s, liked);
    for (long score : scores) {
      assertEquals(ScoreBounds.maxScore(s), score);
    }
    try (HeKeyPair keys = BGV.generateKeys();
        HeScoringModel model = compile(s);
        HeCiphertext u =
            BGV.encrypt(keys.publicKey(), toLongs(PlaintextScorer.interest(s, liked)));
        HeCiphertext block = model.scoreBlock(u, 0)) {
      double budget = TestExports.noiseBudget(keys.secretKey(), block);
      assertTrue(budget >= 10, "noise budget at the bound: " + budget + " bits");
    }
  }

  @Test
  void addingThenSubtractingARowRestoresTheInterestWithoutDecrypting() {
    Snapshot s = RandomSnapshots.random(7, 50, 64, 4);
    try (HeKeyPair keys = BGV.generateKeys();
        HeCiphertext zero = BGV.encrypt(keys.publicKey(), new long[64]);
        HeCiphertext plusRow = BGV.addRow(zero, rowBytes(s, 3), false);
        HeCiphertext back = BGV.addRow(plusRow, rowBytes(s, 3), true)) {
      assertArrayEquals(toLongs(s.row(3)), BGV.decryptVector(keys.secretKey(), plusRow, 64));
      assertArrayEquals(new long[64], BGV.decryptVector(keys.secretKey(), back, 64));
    }
  }

  @Test
  void serializedObjectsRoundTrip() {
    try (HeKeyPair keys = BGV.generateKeys();
        HeSecretKey sk = BGV.readSecretKey(keys.secretKey().serialize());
        HePublicKey pk = BGV.readPublicKey(keys.publicKey().serialize());
        HeCiphertext ct = BGV.encrypt(pk, new long[] {1, 2, 3});
        HeCiphertext copy = BGV.readCiphertext(ct.serialize())) {
      assertArrayEquals(new long[] {1, 2, 3}, BGV.decryptVector(sk, copy, 3));
    }
  }

  @Test
  void malformedInputIsAClearExceptionNeverACrash() {
    byte[] good;
    try (HeKeyPair keys = BGV.generateKeys();
        HeCiphertext ct = BGV.encrypt(keys.publicKey(), new long[] {5})) {
      good = ct.serialize();
    }
    byte[] truncated = java.util.Arrays.copyOf(good, good.length / 2);
    byte[] wrongVersion = good.clone();
    wrongVersion[4] = 99;
    byte[] random = new byte[4096];
    new Random(1).nextBytes(random);
    for (byte[] bad : new byte[][] {truncated, wrongVersion, random, new byte[0]}) {
      NativeEngineException e =
          assertThrows(NativeEngineException.class, () -> BGV.readCiphertext(bad));
      assertEquals(EngineStatus.MALFORMED_INPUT, e.status(), e.getMessage());
    }
    assertThrows(NativeEngineException.class, () -> BGV.readSecretKey(good), "kind is checked");
  }

  @Test
  void closedObjectsCannotBeUsedAndLeaveNoHandles() {
    NativeEngine engine = NativeEngine.load();
    long before = engine.liveHandles();
    HeKeyPair keys = BGV.generateKeys();
    HeCiphertext ct = BGV.encrypt(keys.publicKey(), new long[] {1});
    ct.close();
    ct.close();
    keys.close();
    assertThrows(IllegalStateException.class, ct::serialize);
    assertEquals(before, engine.liveHandles());
  }

  static long[] encryptedScores(Snapshot s, Set<Integer> liked) {
    long[] out = new long[s.size()];
    try (HeKeyPair keys = BGV.generateKeys();
        HeScoringModel model = compile(s);
        HeCiphertext u =
            BGV.encrypt(keys.publicKey(), toLongs(PlaintextScorer.interest(s, liked)))) {
      for (int b = 0; b < model.blocks(); b++) {
        try (HeCiphertext block = model.scoreBlock(u, b)) {
          int rows = model.rowsInBlock(b);
          long[] scores = BGV.decryptScores(keys.secretKey(), block, s.d(), rows);
          System.arraycopy(scores, 0, out, b * model.rowsPerBlock(), rows);
        }
      }
    }
    return out;
  }

  static HeScoringModel compile(Snapshot s) {
    return BGV.compile(s);
  }

  private static byte[] rowBytes(Snapshot s, int i) {
    int[] row = s.row(i);
    byte[] out = new byte[row.length];
    for (int j = 0; j < row.length; j++) {
      out[j] = (byte) row[j];
    }
    return out;
  }

  private static long[] toLongs(int[] values) {
    long[] out = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }

  private static Set<Integer> randomLikes(Random rng, int n, int count) {
    Set<Integer> liked = new HashSet<>();
    while (liked.size() < count) {
      liked.add(rng.nextInt(n));
    }
    return liked;
  }
}
