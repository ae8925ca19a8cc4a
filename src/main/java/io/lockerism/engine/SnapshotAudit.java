package io.lockerism.engine;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The engine's half of a snapshot audit ({@code lk_snapshot_audit}): from a snapshot's published
 * canonical bytes alone, the engine computes its id, compiles its feed circuit afresh, obtains keys
 * for that circuit — by verifying a ceremony transcript against it, or by reading a prover cache —
 * and proves a sample feed with them that must verify. The result is what a chain registration of
 * this snapshot must match: the verifying key's hash, the verifier source to compile and compare
 * with the deployed bytecode, and a proof the deployed verifier must accept.
 */
public final class SnapshotAudit {

  private SnapshotAudit() {}

  /** Where the audited keys come from. */
  public sealed interface Keys permits CeremonyTranscript, ProverCache {}

  /**
   * A published ceremony transcript, verified against the rebuilt circuit: the strong check,
   * binding the keys to exactly this snapshot.
   *
   * @param workDir where the phase-1 SRS is written while verifying (a temporary subdirectory)
   */
  public record CeremonyTranscript(
      List<Path> phase1, List<Path> phase2, byte[] beacon1, byte[] beacon2, Path workDir)
      implements Keys {}

  /**
   * Keys in a prover cache directory (e.g. an operator's development setup). A proof made with them
   * by the rebuilt circuit must verify, so they belong to this circuit; but whoever ran that setup
   * could forge proofs, which no audit can rule out.
   */
  public record ProverCache(Path dir) implements Keys {}

  /**
   * What the snapshot's registration must match.
   *
   * @param snapshotId SHA-256 (hex) of the bytes, computed by the engine
   * @param setup {@code "development"} or {@code "ceremony:<beacon1>:<beacon2>"}
   * @param vkSha256 SHA-256 (hex) of the verifying key
   * @param verifierSolidity the verifier source for that key (gnark export + FeedVerifier)
   * @param sampleLikes the public like-set of the sample proof
   * @param sampleProof a proof of that like-set's feed, made with the rebuilt circuit
   */
  public record Result(
      String snapshotId,
      int profiles,
      int features,
      int weight,
      int constraints,
      String setup,
      String vkSha256,
      String verifierSolidity,
      List<Integer> sampleLikes,
      FeedProof sampleProof) {

    public Result {
      sampleLikes = List.copyOf(sampleLikes);
    }
  }

  /**
   * Audits canonical snapshot bytes. Throws {@link NativeEngineException}: malformed bytes, a
   * transcript that does not verify against the rebuilt circuit, or keys that do not belong to it
   * are {@link EngineStatus#MALFORMED_INPUT}; missing keys or files {@link
   * EngineStatus#INVALID_ARGUMENT}.
   */
  public static Result run(NativeEngine engine, byte[] canonicalBytes, Keys keys) {
    byte[] req = EngineJson.write(request(keys));
    try (EngineSnapshot s = EngineSnapshot.open(engine, canonicalBytes)) {
      long h = s.handle();
      Result r =
          engine.callForJson(
              (o, err, cap) -> engine.lib().lk_snapshot_audit(h, req, req.length, o, err, cap),
              Result.class,
              "audit result");
      NativeHandle.keepAlive(s);
      return r;
    }
  }

  private static Map<String, Object> request(Keys keys) {
    Map<String, Object> r = new LinkedHashMap<>();
    if (keys instanceof CeremonyTranscript t) {
      r.put("keys", "ceremony");
      r.put("phase1", Ceremony.paths(t.phase1()));
      r.put("phase2", Ceremony.paths(t.phase2()));
      r.put("beacon1", Ceremony.hex(t.beacon1()));
      r.put("beacon2", Ceremony.hex(t.beacon2()));
      r.put("workDir", Ceremony.path(t.workDir()));
    } else if (keys instanceof ProverCache c) {
      r.put("keys", "cache");
      r.put("cacheDir", Ceremony.path(c.dir()));
    }
    return r;
  }
}
