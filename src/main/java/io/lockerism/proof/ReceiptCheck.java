package io.lockerism.proof;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lockerism.engine.FeedCommitments;
import io.lockerism.engine.FeedProver;
import io.lockerism.engine.NativeEngine;
import io.lockerism.engine.NativeEngineException;
import io.lockerism.evm.Hex;
import io.lockerism.evm.Word;
import io.lockerism.model.Snapshot;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The checks of {@code lockerism receipt verify} that need no chain: the receipt's feed and likes
 * against the snapshot's own account ids, the commitments recomputed from the openings, the public
 * inputs against the snapshot, the commitments and k, and the proof against the snapshot's
 * verifying key from a prover cache. Each check says what it compared, so a changed receipt says
 * what does not match.
 */
public final class ReceiptCheck {

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

  /** The statement values before any later additions: id halves, C_L, C_F, k. */
  private static final int BASE_INPUTS = 5;

  private ReceiptCheck() {}

  /** One check's outcome. */
  public record Check(String name, boolean passed, String detail) {}

  /** Parses a receipt file; throws {@link IllegalArgumentException} for anything else. */
  public static Receipt parse(byte[] json) {
    Receipt r;
    try {
      r = JSON.readValue(json, Receipt.class);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "not a receipt: " + e.getMessage().lines().findFirst().orElse(""), e);
    }
    if (r == null || !Receipt.FORMAT.equals(r.format()) || r.version() != Receipt.VERSION) {
      throw new IllegalArgumentException(
          "not a receipt of format " + Receipt.FORMAT + " version " + Receipt.VERSION);
    }
    if (r.snapshotId() == null
        || r.feed() == null
        || r.likes() == null
        || r.saltL() == null
        || r.saltF() == null
        || r.commitL() == null
        || r.commitF() == null
        || r.proof() == null
        || r.publicInputs() == null) {
      throw new IllegalArgumentException("the receipt lacks a field of its format");
    }
    return r;
  }

  /** The checks against the snapshot and of the openings, in order. */
  public static List<Check> openings(NativeEngine engine, Receipt r, Snapshot snapshot) {
    List<Check> checks = new ArrayList<>();
    checks.add(entries("feed", r.feed(), snapshot));
    checks.add(entries("likes", r.likes(), snapshot));
    checks.add(feedLength(r, snapshot));
    checks.add(commitments(engine, r));
    checks.add(publicInputs(r, snapshot));
    return checks;
  }

  private static Check entries(String what, List<Receipt.Entry> entries, Snapshot snapshot) {
    for (int i = 0; i < entries.size(); i++) {
      Receipt.Entry e = entries.get(i);
      if (e.index() < 0 || e.index() >= snapshot.size()) {
        return new Check(what, false, what + " entry " + i + ": no profile " + e.index());
      }
      if (!snapshot.accountId(e.index()).equals(e.accountId())) {
        return new Check(
            what,
            false,
            what
                + " entry "
                + i
                + ": profile "
                + e.index()
                + " of the snapshot is "
                + snapshot.accountId(e.index())
                + ", not "
                + e.accountId());
      }
    }
    return new Check(
        what, true, entries.size() + " account ids are the snapshot's profiles at their indices");
  }

  private static Check feedLength(Receipt r, Snapshot snapshot) {
    int want = Math.min(r.k(), snapshot.size() - r.likes().size());
    boolean ok = r.feed().size() == want && r.k() >= 1 && r.k() <= FeedProver.K_MAX;
    return new Check(
        "feed length",
        ok,
        r.feed().size()
            + " entries for k = "
            + r.k()
            + (ok ? "" : ", want " + want + " (k of 1.." + FeedProver.K_MAX + ")"));
  }

  private static Check commitments(NativeEngine engine, Receipt r) {
    FeedCommitments.Opened opened;
    try {
      opened =
          FeedCommitments.of(engine, indices(r.likes()), indices(r.feed()), r.saltL(), r.saltF());
    } catch (NativeEngineException e) {
      return new Check("commitments", false, "the openings are malformed: " + e.getMessage());
    }
    boolean l = opened.commitL().equalsIgnoreCase(r.commitL());
    boolean f = opened.commitF().equalsIgnoreCase(r.commitF());
    String detail =
        (l
                ? "the likes and salt_L open C_L"
                : "the likes and salt_L do not open C_L " + r.commitL())
            + "; "
            + (f
                ? "the feed and salt_F open C_F"
                : "the feed (in this order) and salt_F do not open C_F " + r.commitF());
    return new Check("commitments", l && f, detail);
  }

  private static Check publicInputs(Receipt r, Snapshot snapshot) {
    List<String> in = r.publicInputs();
    if (in.size() < BASE_INPUTS) {
      return new Check("public inputs", false, in.size() + " values, want at least " + BASE_INPUTS);
    }
    byte[] id = HexFormat.of().parseHex(snapshot.id());
    List<String> want =
        List.of(
            word(new BigInteger(1, java.util.Arrays.copyOfRange(id, 0, 16))),
            word(new BigInteger(1, java.util.Arrays.copyOfRange(id, 16, 32))),
            r.commitL(),
            r.commitF(),
            word(BigInteger.valueOf(r.k())));
    String[] names = {"snapshot id (high half)", "snapshot id (low half)", "C_L", "C_F", "k"};
    for (int i = 0; i < BASE_INPUTS; i++) {
      if (!want.get(i).equalsIgnoreCase(in.get(i))) {
        return new Check(
            "public inputs",
            false,
            "input " + i + " is not the receipt's " + names[i] + ": " + in.get(i));
      }
    }
    return new Check(
        "public inputs", true, "the snapshot id, C_L, C_F and k of the receipt, in order");
  }

  /**
   * Verifies the proof with the snapshot's verifying key from a prover cache (e.g. the data
   * directory's). A cache without keys for the snapshot fails the check, saying so.
   */
  public static Check proofWithCachedKey(
      NativeEngine engine, Receipt r, Snapshot snapshot, Path cacheDir) {
    try (FeedProver prover =
        FeedProver.open(engine, snapshot, cacheDir, FeedProver.KeySource.CACHED)) {
      prover.verify(r.proof(), r.publicInputs());
      return new Check(
          "proof",
          true,
          "verifies with the snapshot's key in "
              + cacheDir
              + " ("
              + prover.setupInfo().kind()
              + " setup)");
    } catch (NativeEngineException | IllegalArgumentException e) {
      return new Check(
          "proof", false, "does not verify with the key in " + cacheDir + ": " + e.getMessage());
    }
  }

  /** The proof's bytes and statement values as a verifier contract takes them. */
  public static byte[] proofBytes(Receipt r) {
    return Hex.parse(r.proof(), "the receipt's proof");
  }

  public static List<Word> publicInputWords(Receipt r) {
    return r.publicInputs().stream().map(w -> Word.parse(w, "a public input")).toList();
  }

  private static List<Integer> indices(List<Receipt.Entry> entries) {
    return entries.stream().map(Receipt.Entry::index).toList();
  }

  private static String word(BigInteger v) {
    return Word.of(v).toString();
  }
}
