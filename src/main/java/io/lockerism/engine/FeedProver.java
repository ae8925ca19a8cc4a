package io.lockerism.engine;

import io.lockerism.evm.Address;
import io.lockerism.model.Snapshot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

/**
 * One snapshot's feed circuit (gnark, Groth16 over BN254) with its proving and verifying keys, in
 * the native engine. The snapshot's M, b and w are compiled into the circuit as constants, and so
 * is its id — the SHA-256 the engine computed from the snapshot's bytes. Artifacts are cached on
 * disk by snapshot id, gnark and circuit version.
 */
public final class FeedProver extends NativeHandle {

  /** The largest k a feed circuit accepts (the engine's maxFeedLength; a test compares them). */
  public static final int K_MAX = 50;

  private final String snapshotId;

  private FeedProver(NativeEngine engine, long handle, String snapshotId) {
    super(engine, handle);
    this.snapshotId = snapshotId;
  }

  /** Where a prover's keys may come from. */
  public enum KeySource {
    /** Only keys already in the cache directory (e.g. installed from a ceremony). */
    CACHED,
    /**
     * Cached keys, or else a local development setup, cached for next time (not a ceremony: whoever
     * ran it could forge proofs).
     */
    CACHED_OR_DEVELOPMENT_SETUP
  }

  /**
   * Opens the snapshot's prover: the circuit is loaded from {@code cacheDir} or compiled (and
   * cached); the keys are loaded from there, or made as {@code keys} allows. Throws a {@link
   * NativeEngineException} ({@link EngineStatus#INVALID_ARGUMENT}) when {@code keys} is {@link
   * KeySource#CACHED} and the cache holds no keys for the snapshot.
   */
  public static FeedProver open(
      NativeEngine engine, Snapshot snapshot, Path cacheDir, KeySource keys) {
    byte[] dir = cacheDir.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8);
    int setupIfMissing = keys == KeySource.CACHED_OR_DEVELOPMENT_SETUP ? 1 : 0;
    try (EngineSnapshot s = EngineSnapshot.open(engine, snapshot)) {
      long h = s.handle();
      long prover =
          engine.callForHandle(
              (o, err, cap) ->
                  engine.lib().lk_zk_prover_open(h, dir, dir.length, setupIfMissing, o, err, cap));
      NativeHandle.keepAlive(s);
      return new FeedProver(engine, prover, s.id());
    }
  }

  /**
   * The circuit a prover cache's artifacts are for, as their names give it after the snapshot id:
   * {@code k<K_MAX>-gnark<version>-<circuit version>} (CacheKey in circuits/feedproof/store.go).
   * Artifacts of another circuit or gnark version are not this engine's.
   */
  public static String circuitKey(NativeEngine engine) {
    EngineInfo info = engine.info();
    return "k" + K_MAX + "-gnark" + info.gnark() + "-" + info.circuit();
  }

  /** The id of the snapshot whose circuit this is, as the engine computed it. */
  public String snapshotId() {
    return snapshotId;
  }

  /** gnark's exported Solidity verifier plus the FeedVerifier adapter (IFeedVerifier). */
  public String verifierSolidity() {
    try {
      long h = handle();
      return new String(
          engine()
              .callForBuffer(
                  (o, err, cap) -> engine().lib().lk_zk_verifier_solidity(h, o, err, cap)),
          StandardCharsets.UTF_8);
    } finally {
      keepAlive(this);
    }
  }

  /**
   * Proves the feed of this like-set for {@code publisher}, the only address whose transaction can
   * record the proof (FeedLedger verifies it with msg.sender). {@code decryptedScores} are the
   * viewer's HE scores for every profile: if any differs from the model's, the evaluator is at
   * fault and nothing is proven (a {@link NativeEngineException} with {@link
   * EngineStatus#EVALUATOR_FAULT}). The proof is verified before it is returned.
   */
  public FeedProof prove(int[] likedIndices, int k, long[] decryptedScores, Address publisher) {
    byte[] addr = publisher.bytes();
    try {
      long h = handle();
      return engine()
          .callForJson(
              (o, err, cap) ->
                  engine()
                      .lib()
                      .lk_zk_prove(
                          h,
                          likedIndices,
                          likedIndices.length,
                          k,
                          decryptedScores,
                          decryptedScores.length,
                          addr,
                          addr.length,
                          o,
                          err,
                          cap),
              FeedProof.class,
              "proof");
    } finally {
      keepAlive(this);
    }
  }

  /**
   * Which setup produced this prover's keys ({@code "development"} or {@code "ceremony:<beacon 1
   * hex>:<beacon 2 hex>"}) and the SHA-256 of its verifying key.
   */
  public SetupInfo setupInfo() {
    try {
      long h = handle();
      return engine()
          .callForJson(
              (o, err, cap) -> engine().lib().lk_zk_prover_info(h, o, err, cap),
              SetupInfo.class,
              "prover info");
    } finally {
      keepAlive(this);
    }
  }

  /**
   * Where a prover's keys came from.
   *
   * @param setup {@code "development"} (a local setup: whoever ran it could forge proofs) or {@code
   *     "ceremony:<beacon 1 hex>:<beacon 2 hex>"} (keys from a verified MPC transcript)
   * @param vkSha256 SHA-256 (hex) of the verifying key's serialization
   * @param cacheKey the artifacts' name in the prover cache directory
   * @param ceremony whether the keys came from a ceremony
   */
  public record SetupInfo(String setup, String vkSha256, String cacheKey, boolean ceremony) {

    /** {@code "ceremony"} or {@code "development"}. */
    public String kind() {
      return ceremony ? "ceremony" : "development";
    }
  }

  /** Checks a proof against its public inputs; throws when it does not verify. */
  public void verify(String proofHex, List<String> publicInputs) {
    byte[] proof = hex(proofHex);
    byte[] words = new byte[32 * publicInputs.size()];
    for (int i = 0; i < publicInputs.size(); i++) {
      byte[] w = hex(publicInputs.get(i));
      if (w.length != 32) {
        throw new IllegalArgumentException("public input " + i + " is not a 32-byte word");
      }
      System.arraycopy(w, 0, words, 32 * i, 32);
    }
    try {
      long h = handle();
      engine()
          .call(
              (err, cap) ->
                  engine()
                      .lib()
                      .lk_zk_verify(h, proof, proof.length, words, words.length, err, cap));
    } finally {
      keepAlive(this);
    }
  }

  private static byte[] hex(String s) {
    String digits = s.startsWith("0x") ? s.substring(2) : s;
    return HexFormat.of().parseHex(digits);
  }
}
