package io.lockerism.engine;

import io.lockerism.model.Snapshot;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The production trusted setup of one snapshot's feed circuit: a Groth16 MPC ceremony (gnark's
 * {@code backend/groth16/bn254/mpcsetup}) run through files.
 *
 * <ol>
 *   <li>Phase 1 (powers of tau): {@link #phase1Init}, then each contributor in turn runs {@link
 *       #phase1Contribute} on the previous file and publishes the result; {@link #phase1Verify}
 *       checks the contributions and seals them with a public beacon into the SRS.
 *   <li>Phase 2 (this circuit): {@link #phase2Init} from the SRS, then {@link #phase2Contribute} by
 *       each contributor.
 *   <li>{@link #verify}: anyone re-runs both verifications from the published transcript and
 *       obtains the same verifying key (compare {@link Result#vkSha256()}); with {@code install}
 *       the keys replace the prover cache's, recorded as a ceremony setup.
 * </ol>
 *
 * <p>The keys are sound if at least one contributor destroyed its randomness (gnark draws it from
 * the OS and keeps it in memory only). Each step sends the engine the snapshot's canonical bytes
 * and one JSON request ({@code lk_ceremony_run}, native/export_ceremony.go).
 */
public final class Ceremony {

  private final NativeEngine engine;
  private final Snapshot snapshot;
  private final String cacheDir;

  /**
   * A ceremony for the snapshot's circuit; the circuit is compiled into, or loaded from, {@code
   * cacheDir}, where {@link #verify} installs the keys.
   */
  public Ceremony(NativeEngine engine, Snapshot snapshot, Path cacheDir) {
    this.engine = engine;
    this.snapshot = snapshot;
    this.cacheDir = path(cacheDir);
  }

  /** Writes the initial phase-1 state to {@code out}; returns the domain size (a power of 2). */
  public long phase1Init(Path out) {
    return run(request("phase1-init", "out", path(out)), Domain.class).domainSize();
  }

  /** Adds one phase-1 contribution to the state in {@code in}, writing {@code out}. */
  public static void phase1Contribute(NativeEngine engine, Path in, Path out) {
    contribute(engine, 1, in, out);
  }

  /**
   * Verifies the phase-1 contributions (in order, the first made on the initial state) and writes
   * the SRS sealed with {@code beacon} to {@code srsOut}.
   */
  public void phase1Verify(List<Path> contributions, byte[] beacon, Path srsOut) {
    run(
        request(
            "phase1-verify",
            "contributions",
            paths(contributions),
            "beacon",
            hex(beacon),
            "out",
            path(srsOut)),
        Domain.class);
  }

  /** Writes the initial phase-2 state of this snapshot's circuit from a verified SRS. */
  public void phase2Init(Path srs, Path out) {
    run(request("phase2-init", "srs", path(srs), "out", path(out)), Domain.class);
  }

  /** Adds one phase-2 contribution to the state in {@code in}, writing {@code out}. */
  public static void phase2Contribute(NativeEngine engine, Path in, Path out) {
    contribute(engine, 2, in, out);
  }

  /**
   * Verifies the whole transcript from scratch — phase 1 sealed with {@code beacon1}, phase 2
   * against this snapshot's circuit sealed with {@code beacon2} — and, when {@code install}, puts
   * the keys in the prover cache (the app then proves with them instead of a development setup).
   * Throws {@link NativeEngineException} when any contribution does not verify.
   */
  public Result verify(
      List<Path> phase1, List<Path> phase2, byte[] beacon1, byte[] beacon2, boolean install) {
    return run(
        request(
            "verify",
            "phase1",
            paths(phase1),
            "phase2",
            paths(phase2),
            "beacon1",
            hex(beacon1),
            "beacon2",
            hex(beacon2),
            "install",
            install),
        Result.class);
  }

  /**
   * A verified transcript.
   *
   * @param vkSha256 SHA-256 (hex) of the verifying key: equal for everyone verifying the same
   *     transcript with the same beacons
   * @param setup the setup record, {@code ceremony:<beacon 1 hex>:<beacon 2 hex>}
   * @param installed whether the keys were written into the prover cache
   */
  public record Result(
      String vkSha256,
      String setup,
      long domainSize,
      int phase1Contributions,
      int phase2Contributions,
      boolean installed,
      String cacheKey) {}

  private record Domain(long domainSize) {}

  private static void contribute(NativeEngine engine, int phase, Path in, Path out) {
    byte[] req = EngineJson.write(Map.of("phase", phase, "in", path(in), "out", path(out)));
    engine.call((err, cap) -> engine.lib().lk_ceremony_contribute(req, req.length, err, cap));
  }

  private Map<String, Object> request(String step, Object... fields) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("step", step);
    r.put("cacheDir", cacheDir);
    for (int i = 0; i < fields.length; i += 2) {
      r.put((String) fields[i], fields[i + 1]);
    }
    return r;
  }

  private <T> T run(Map<String, Object> request, Class<T> result) {
    byte[] req = EngineJson.write(request);
    try (EngineSnapshot s = EngineSnapshot.open(engine, snapshot)) {
      long h = s.handle();
      T out =
          engine.callForJson(
              (o, err, cap) -> engine.lib().lk_ceremony_run(h, req, req.length, o, err, cap),
              result,
              "ceremony result");
      NativeHandle.keepAlive(s);
      return out;
    }
  }

  static String path(Path p) {
    return p.toAbsolutePath().toString();
  }

  static List<String> paths(List<Path> ps) {
    if (ps.isEmpty()) {
      throw new IllegalArgumentException("no contribution files given");
    }
    return ps.stream().map(Ceremony::path).toList();
  }

  static String hex(byte[] beacon) {
    return HexFormat.of().formatHex(beacon);
  }
}
