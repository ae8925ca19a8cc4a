package io.lockerism.engine;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.jna.ptr.LongByReference;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The production trusted setup of one snapshot's feed circuit: a Groth16 MPC ceremony (gnark's
 * {@code backend/groth16/bn254/mpcsetup}) run through files.
 *
 * <ol>
 *   <li>Phase 1 (powers of tau): {@link #phase1Init}, then each contributor in turn runs
 *       {@link #phase1Contribute} on the previous file and publishes the result;
 *       {@link #phase1Verify} checks the contributions and seals them with a public beacon into
 *       the SRS.</li>
 *   <li>Phase 2 (this circuit): {@link #phase2Init} from the SRS, then
 *       {@link #phase2Contribute} by each contributor.</li>
 *   <li>{@link #verify}: anyone re-runs both verifications from the published transcript and
 *       obtains the same verifying key (compare {@link Result#vkSha256()}); with {@code install}
 *       the keys replace the prover cache's, recorded as a ceremony setup.</li>
 * </ol>
 *
 * <p>The keys are sound if at least one contributor per phase destroyed its randomness (gnark
 * draws it from the OS and keeps it in memory only).
 */
public final class Ceremony {

  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final NativeEngine engine;
  private final byte[] snapshotId;
  private final int features;
  private final int profiles;
  private final byte[] matrix;
  private final byte[] prior;
  private final int weight;
  private final byte[] cacheDir;

  /**
   * A ceremony for the snapshot's circuit (as for {@link FeedProver#loadOrSetUp}); the circuit is
   * compiled into, or loaded from, {@code cacheDir}, where {@link #verify} installs the keys.
   */
  public Ceremony(NativeEngine engine, byte[] snapshotId, int features, int profiles,
      byte[] matrix, byte[] prior, int weight, Path cacheDir) {
    this.engine = engine;
    this.snapshotId = snapshotId.clone();
    this.features = features;
    this.profiles = profiles;
    this.matrix = matrix.clone();
    this.prior = prior.clone();
    this.weight = weight;
    this.cacheDir = path(cacheDir);
  }

  /** Writes the initial phase-1 state to {@code out}; returns the domain size (a power of 2). */
  public long phase1Init(Path out) {
    byte[] o = path(out);
    byte[] err = NativeEngine.errorBuffer();
    LongByReference domain = new LongByReference();
    NativeEngine.check(engine.lib().lk_ceremony_phase1_init(snapshotId, snapshotId.length,
        features, profiles, matrix, matrix.length, prior, prior.length, weight, FeedProver.K_MAX,
        cacheDir, cacheDir.length, o, o.length, domain, err, err.length), err);
    return domain.getValue();
  }

  /** Adds one phase-1 contribution to the state in {@code in}, writing {@code out}. */
  public static void phase1Contribute(NativeEngine engine, Path in, Path out) {
    byte[] i = path(in);
    byte[] o = path(out);
    byte[] err = NativeEngine.errorBuffer();
    NativeEngine.check(engine.lib().lk_ceremony_phase1_contribute(i, i.length, o, o.length, err,
        err.length), err);
  }

  /**
   * Verifies the phase-1 contributions (in order, the first made on the initial state) and writes
   * the SRS sealed with {@code beacon} to {@code srsOut}.
   */
  public void phase1Verify(List<Path> contributions, byte[] beacon, Path srsOut) {
    byte[] list = paths(contributions);
    byte[] o = path(srsOut);
    byte[] err = NativeEngine.errorBuffer();
    NativeEngine.check(engine.lib().lk_ceremony_phase1_verify(snapshotId, snapshotId.length,
        features, profiles, matrix, matrix.length, prior, prior.length, weight, FeedProver.K_MAX,
        cacheDir, cacheDir.length, list, list.length, beacon, beacon.length, o, o.length, err,
        err.length), err);
  }

  /** Writes the initial phase-2 state of this snapshot's circuit from a verified SRS. */
  public void phase2Init(Path srs, Path out) {
    byte[] s = path(srs);
    byte[] o = path(out);
    byte[] err = NativeEngine.errorBuffer();
    NativeEngine.check(engine.lib().lk_ceremony_phase2_init(snapshotId, snapshotId.length,
        features, profiles, matrix, matrix.length, prior, prior.length, weight, FeedProver.K_MAX,
        cacheDir, cacheDir.length, s, s.length, o, o.length, err, err.length), err);
  }

  /** Adds one phase-2 contribution to the state in {@code in}, writing {@code out}. */
  public static void phase2Contribute(NativeEngine engine, Path in, Path out) {
    byte[] i = path(in);
    byte[] o = path(out);
    byte[] err = NativeEngine.errorBuffer();
    NativeEngine.check(engine.lib().lk_ceremony_phase2_contribute(i, i.length, o, o.length, err,
        err.length), err);
  }

  /**
   * Verifies the whole transcript from scratch — phase 1 sealed with {@code beacon1}, phase 2
   * against this snapshot's circuit sealed with {@code beacon2} — and, when {@code install}, puts
   * the keys in the prover cache (the app then proves with them instead of a development setup).
   * Throws {@link NativeEngineException} when any contribution does not verify.
   */
  public Result verify(List<Path> phase1, List<Path> phase2, byte[] beacon1, byte[] beacon2,
      boolean install) {
    byte[] p1 = paths(phase1);
    byte[] p2 = paths(phase2);
    byte[] err = NativeEngine.errorBuffer();
    LongByReference out = new LongByReference();
    NativeEngine.check(engine.lib().lk_ceremony_verify(snapshotId, snapshotId.length, features,
        profiles, matrix, matrix.length, prior, prior.length, weight, FeedProver.K_MAX, cacheDir,
        cacheDir.length, p1, p1.length, p2, p2.length, beacon1, beacon1.length, beacon2,
        beacon2.length, install ? 1 : 0, out, err, err.length), err);
    try {
      return JSON.readValue(engine.takeBuffer(out.getValue()), Result.class);
    } catch (IOException e) {
      throw new NativeEngineException("engine returned an unreadable ceremony result", e);
    }
  }

  /**
   * A verified transcript.
   *
   * @param vkSha256 SHA-256 (hex) of the verifying key: equal for everyone verifying the same
   *     transcript with the same beacons
   * @param setup    the setup record, {@code ceremony:<beacon 1 hex>:<beacon 2 hex>}
   * @param installed whether the keys were written into the prover cache
   */
  public record Result(String vkSha256, String setup, long domainSize, int phase1Contributions,
      int phase2Contributions, boolean installed, String cacheKey) {}

  private static byte[] path(Path p) {
    return p.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] paths(List<Path> ps) {
    if (ps.isEmpty()) {
      throw new IllegalArgumentException("no contribution files given");
    }
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int i = 0; i < ps.size(); i++) {
      if (i > 0) {
        b.write(0);
      }
      b.writeBytes(path(ps.get(i)));
    }
    return b.toByteArray();
  }
}
