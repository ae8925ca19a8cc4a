package io.lockerism.engine;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.jna.ptr.LongByReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One snapshot's feed circuit (gnark, Groth16 over BN254) with its proving and verifying keys,
 * in the native engine. The snapshot's M, b and w are compiled into the circuit as constants;
 * artifacts are cached on disk by snapshot id, gnark and circuit version.
 */
public final class FeedProver implements AutoCloseable {

  /** The native code for "decrypted HE scores differ from the model's scores". */
  public static final int CODE_EVALUATOR_FAULT = 6;
  /** The largest k a feed circuit accepts. */
  public static final int K_MAX = 50;
  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final NativeEngine engine;
  private final long handle;
  private final AtomicBoolean closed = new AtomicBoolean();

  private FeedProver(NativeEngine engine, long handle) {
    this.engine = engine;
    this.handle = handle;
  }

  /**
   * Loads the circuit and keys from {@code cacheDir}, or compiles the circuit and runs the local
   * development setup (not a ceremony: whoever ran it could forge proofs) and caches them.
   */
  public static FeedProver loadOrSetUp(NativeEngine engine, byte[] snapshotId, int features,
      int profiles, byte[] matrix, byte[] prior, int weight, Path cacheDir) {
    byte[] dir = cacheDir.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8);
    byte[] err = NativeEngine.errorBuffer();
    LongByReference out = new LongByReference();
    NativeEngine.check(engine.lib().lk_zk_prover_new(snapshotId, snapshotId.length, features,
        profiles, matrix, matrix.length, prior, prior.length, weight, K_MAX, dir, dir.length, out,
        err, err.length), err);
    return new FeedProver(engine, out.getValue());
  }

  /**
   * Loads the circuit and keys from {@code cacheDir} (compiling the circuit if needed) without
   * ever running a setup: fails when no keys are cached for the snapshot.
   */
  public static FeedProver loadCached(NativeEngine engine, byte[] snapshotId, int features,
      int profiles, byte[] matrix, byte[] prior, int weight, Path cacheDir) {
    byte[] dir = cacheDir.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8);
    byte[] err = NativeEngine.errorBuffer();
    LongByReference out = new LongByReference();
    NativeEngine.check(engine.lib().lk_zk_prover_load(snapshotId, snapshotId.length, features,
        profiles, matrix, matrix.length, prior, prior.length, weight, K_MAX, dir, dir.length, out,
        err, err.length), err);
    return new FeedProver(engine, out.getValue());
  }

  /** gnark's exported Solidity verifier plus the FeedVerifier adapter (IFeedVerifier). */
  public String verifierSolidity() {
    byte[] err = NativeEngine.errorBuffer();
    LongByReference buf = new LongByReference();
    NativeEngine.check(engine.lib().lk_zk_verifier_solidity(handle(), buf, err, err.length), err);
    return new String(engine.takeBuffer(buf.getValue()), StandardCharsets.UTF_8);
  }

  /**
   * Proves the feed of this like-set. {@code decryptedScores} are the viewer's HE scores for
   * every profile: if any differs from the model's, the evaluator is at fault and nothing is
   * proven (a {@link NativeEngineException} with {@link #CODE_EVALUATOR_FAULT}). The proof is
   * verified before it is returned.
   */
  public FeedProof prove(int[] likedIndices, int k, long[] decryptedScores) {
    byte[] err = NativeEngine.errorBuffer();
    LongByReference buf = new LongByReference();
    NativeEngine.check(engine.lib().lk_zk_prove(handle(), likedIndices, likedIndices.length, k,
        decryptedScores, decryptedScores.length, buf, err, err.length), err);
    try {
      return JSON.readValue(engine.takeBuffer(buf.getValue()), FeedProof.class);
    } catch (IOException e) {
      throw new NativeEngineException("engine returned an unreadable proof", e);
    }
  }

  /**
   * Which setup produced this prover's keys ({@code "development"} or {@code
   * "ceremony:<beacon 1 hex>:<beacon 2 hex>"}) and the SHA-256 of its verifying key.
   */
  public SetupInfo setupInfo() {
    byte[] err = NativeEngine.errorBuffer();
    LongByReference buf = new LongByReference();
    NativeEngine.check(engine.lib().lk_zk_prover_info(handle(), buf, err, err.length), err);
    try {
      return JSON.readValue(engine.takeBuffer(buf.getValue()), SetupInfo.class);
    } catch (IOException e) {
      throw new NativeEngineException("engine returned unreadable prover info", e);
    }
  }

  /**
   * Where a prover's keys came from.
   *
   * @param setup    {@code "development"} (a local setup: whoever ran it could forge proofs) or
   *     {@code "ceremony:<beacon 1 hex>:<beacon 2 hex>"} (keys from a verified MPC transcript)
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
    byte[] err = NativeEngine.errorBuffer();
    NativeEngine.check(engine.lib().lk_zk_verify(handle(), proof, proof.length, words,
        words.length, err, err.length), err);
  }

  private static byte[] hex(String s) {
    String digits = s.startsWith("0x") ? s.substring(2) : s;
    return HexFormat.of().parseHex(digits);
  }

  private long handle() {
    if (closed.get()) {
      throw new IllegalStateException("this prover was closed");
    }
    return handle;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      engine.release(handle);
    }
  }
}
