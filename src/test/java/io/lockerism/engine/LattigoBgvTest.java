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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
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

  @ParameterizedTest
  @CsvSource({"1, 64, 4", "1000, 64, 4", "1237, 128, 9", "20000, 64, 4"})
  void theTopKThroughTheWireEqualsThePlaintextFeed(int n, int d, int w) {
    Snapshot s = RandomSnapshots.random(n * 31L + d, n, d, w);
    Set<Integer> liked = randomLikes(new Random(n), n, Math.min(n - 1, 40));
    int k = 20;
    List<ScoredRow> feed = encryptedFeed(s, liked, k);
    long[] scores = PlaintextScorer.scores(s, liked);
    assertArrayEquals(
        PlaintextScorer.feed(s, liked, k), feed.stream().mapToInt(ScoredRow::row).toArray());
    for (ScoredRow r : feed) {
      assertEquals(scores[r.row()], r.score(), "row " + r.row());
    }
  }

  @Test
  void exactAtTheValueBoundsWithNoiseBudgetToSpare() {
    int d = FeatureLayout.MAX_D;
    Snapshot s = RandomSnapshots.saturated(ScoreBounds.MAX_LIKES + 60, d, ScoreBounds.MAX_WEIGHT);
    Set<Integer> liked = new HashSet<>();
    for (int i = 0; i < ScoreBounds.MAX_LIKES; i++) {
      liked.add(i);
    }
    for (long score : encryptedScores(s, liked)) {
      assertEquals(ScoreBounds.maxScore(s), score);
    }
    List<ScoredRow> feed = encryptedFeed(s, liked, 50);
    assertEquals(50, feed.size());
    for (int i = 0; i < feed.size(); i++) {
      assertEquals(ScoreBounds.MAX_LIKES + i, feed.get(i).row(), "ties go to the lower row");
      assertEquals(ScoreBounds.maxScore(s), feed.get(i).score());
    }
    try (HeKeyPair keys = BGV.generateKeys();
        HeScoringModel model = BGV.compile(s);
        HeCiphertext u = interest(keys, s, liked);
        HeQuery q = BGV.query(keys.secretKey(), u, d, model.groups());
        HeReply reply = model.score(q, 0, model.blocks());
        HeReply wire = BGV.readReply(reply.serialize())) {
      double inProcess = TestExports.noiseBudget(keys.secretKey(), q, reply);
      double switched = TestExports.noiseBudget(keys.secretKey(), q, wire);
      // docs/he-engine.md: ≥ 1.5 bits of margin after the switch (native TestSlotNoiseWorstCase
      // checks the random-matrix worst case the same way)
      assertTrue(inProcess >= 3, "noise budget at the bound: " + inProcess + " bits");
      assertTrue(switched >= 1.5, "after switching to 28/32 bits: " + switched + " bits");
    }
  }

  @Test
  void aQueryOfAnotherShapeOrAnotherKeyIsRefused() {
    Snapshot s = RandomSnapshots.random(5, 300, 64, 4);
    try (HeKeyPair keys = BGV.generateKeys();
        HeKeyPair other = BGV.generateKeys();
        HeScoringModel model = BGV.compile(s);
        HeCiphertext u = BGV.encrypt(keys.publicKey(), new long[64]);
        HeQuery q = BGV.query(keys.secretKey(), u, 64, model.groups());
        HeQuery otherG = BGV.query(keys.secretKey(), u, 64, model.groups() == 1 ? 2 : 1);
        HeQuery otherQuery = BGV.query(keys.secretKey(), u, 64, model.groups());
        HeReply r = model.score(q, 0, 1)) {
      assertEquals(model.groups(), BGV.groups(s.size(), s.d()), "locker and evaluator agree on G");
      assertThrows(NativeEngineException.class, () -> model.score(otherG, 0, 1));
      assertThrows(NativeEngineException.class, () -> model.score(q, 1, 1), "out of range");
      assertThrows(NativeEngineException.class, () -> BGV.query(keys.secretKey(), u, 64, 3));
      assertThrows(
          NativeEngineException.class,
          () -> BGV.decryptReply(keys.secretKey(), otherQuery, r, 0, 300),
          "a reply answers one query only");
      assertThrows(
          NativeEngineException.class, () -> BGV.decryptReply(keys.secretKey(), q, r, 0, 299));
      List<ScoredRow> wrongKey = BGV.topK(other.secretKey(), q, List.of(r), 5, new int[0]);
      assertEquals(5, wrongKey.size(), "a wrong key decrypts to noise, not to an exception");
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
    byte[] truncated = Arrays.copyOf(good, good.length / 2);
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
    Snapshot s = RandomSnapshots.random(5, 300, 64, 4);
    try (HeKeyPair keys = BGV.generateKeys();
        HeScoringModel model = BGV.compile(s);
        HeCiphertext u = BGV.encrypt(keys.publicKey(), new long[64]);
        HeQuery q = BGV.query(keys.secretKey(), u, 64, model.groups());
        HeReply r = model.score(q, 0, 1)) {
      byte[] reply = r.serialize();
      byte[] query = q.serialize();
      for (byte[] bad : new byte[][] {Arrays.copyOf(reply, reply.length - 1), query, random}) {
        assertThrows(NativeEngineException.class, () -> BGV.readReply(bad));
      }
      for (byte[] bad : new byte[][] {Arrays.copyOf(query, query.length / 2), reply, random}) {
        assertThrows(NativeEngineException.class, () -> BGV.readQuery(bad));
      }
    }
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

  /** Every score, decrypted from replies of at most two blocks each. */
  static long[] encryptedScores(Snapshot s, Set<Integer> liked) {
    long[] out = new long[s.size()];
    try (HeKeyPair keys = BGV.generateKeys();
        HeScoringModel model = BGV.compile(s);
        HeCiphertext u = interest(keys, s, liked);
        HeQuery q = BGV.query(keys.secretKey(), u, s.d(), model.groups())) {
      for (int b = 0; b < model.blocks(); b += 2) {
        int count = Math.min(2, model.blocks() - b);
        int first = b * model.rowsPerBlock();
        int rows = model.rowsIn(b, count);
        try (HeReply reply = model.score(q, b, count)) {
          long[] scores = BGV.decryptReply(keys.secretKey(), q, reply, first, rows);
          System.arraycopy(scores, 0, out, first, rows);
        }
      }
    }
    return out;
  }

  /** Enc(u) as stored, the query and replies in two ranges through their frames, the top-k. */
  private static List<ScoredRow> encryptedFeed(Snapshot s, Set<Integer> liked, int k) {
    List<HeReply> replies = new ArrayList<>();
    try (HeKeyPair keys = BGV.generateKeys();
        HeScoringModel model = BGV.compile(s);
        HeCiphertext u = interest(keys, s, liked);
        HeQuery local = BGV.query(keys.secretKey(), u, s.d(), model.groups());
        HeQuery remote = BGV.readQuery(local.serialize())) {
      int split = Math.max(1, model.blocks() / 2);
      int[][] ranges = {{0, split}, {split, model.blocks() - split}};
      for (int[] range : ranges) {
        if (range[1] == 0) {
          continue;
        }
        try (HeReply r = model.score(remote, range[0], range[1])) {
          byte[] wire = r.serialize();
          assertTrue(
              wire.length <= 32L * range[1] * model.rowsPerBlock() + 256,
              "≤ 32 B per score: " + wire.length);
          replies.add(BGV.readReply(wire));
        }
      }
      int[] excluded = liked.stream().mapToInt(Integer::intValue).toArray();
      return BGV.topK(keys.secretKey(), local, replies, k, excluded);
    } finally {
      replies.forEach(HeReply::close);
    }
  }

  private static HeCiphertext interest(HeKeyPair keys, Snapshot s, Set<Integer> liked) {
    return BGV.encrypt(keys.publicKey(), toLongs(PlaintextScorer.interest(s, liked)));
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
