package io.lockerism.cli;

import io.lockerism.app.Components;
import io.lockerism.engine.Ceremony;
import io.lockerism.engine.NativeEngine;
import io.lockerism.evm.Hex;
import io.lockerism.model.Snapshot;
import io.lockerism.proof.Provers;
import io.lockerism.snapshot.SnapshotService;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "ceremony",
    mixinStandardHelpOptions = true,
    description = {
      "The production trusted setup of a snapshot's feed circuit: a Groth16 MPC "
          + "ceremony (gnark mpcsetup) run through files.",
      "Order: phase1-init, phase1-contribute (each contributor), phase1-verify, phase2-init, "
          + "phase2-contribute (each contributor), verify --install. Anyone can re-run `verify` "
          + "on the published files and beacons and must get the same verifying key hash."
    },
    subcommands = {
      CeremonyCommand.Phase1Init.class,
      CeremonyCommand.Phase1Contribute.class,
      CeremonyCommand.Phase1Verify.class,
      CeremonyCommand.Phase2Init.class,
      CeremonyCommand.Phase2Contribute.class,
      CeremonyCommand.Verify.class
    })
final class CeremonyCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Options of the commands that work on a snapshot's circuit. */
  static final class SnapshotOptions {

    @Mixin DataOptions data;

    @Option(
        names = "--snapshot",
        paramLabel = "ID",
        description = "Snapshot id (hex; default: the current snapshot).")
    String snapshotId;

    /** Opens the database, finds the snapshot and runs {@code fn} with its provers. */
    <T> T run(PrintWriter out, BiFunction<Snapshot, Provers, T> fn) {
      try (Components parts = data.components()) {
        SnapshotService snapshots = parts.snapshots();
        Provers provers = parts.provers();
        Snapshot s =
            snapshotId == null
                ? snapshots.current()
                : snapshots
                    .find(snapshotId.strip().toLowerCase(java.util.Locale.ROOT))
                    .orElseThrow(() -> new IllegalArgumentException("no snapshot " + snapshotId));
        if (s.size() < 2) {
          throw new IllegalArgumentException(
              "snapshot "
                  + s.id()
                  + " has "
                  + s.size()
                  + " profile(s); a feed circuit needs at least 2");
        }
        out.printf(
            "Snapshot %s: %d profiles × %d features, w = %d%n",
            s.id(), s.size(), s.d(), s.weight());
        out.flush();
        return fn.apply(s, provers);
      }
    }
  }

  static void requireNew(Path out) {
    if (Files.exists(out)) {
      throw new IllegalArgumentException(
          out
              + " already exists; published ceremony files are "
              + "never overwritten (choose another --out)");
    }
  }

  static void requireFile(Path in, String what) {
    if (!Files.isRegularFile(in)) {
      throw new IllegalArgumentException(what + " not found: " + in);
    }
  }

  static byte[] beacon(String hex, String option) {
    byte[] b;
    try {
      b = Hex.parse(hex, option);
    } catch (IllegalArgumentException e) {
      b = new byte[0];
    }
    if (b.length == 0) {
      throw new IllegalArgumentException(
          option
              + " must be a non-empty hex string with an even "
              + "number of digits (e.g. a published block hash), got \""
              + hex
              + "\"");
    }
    return b;
  }

  @Command(
      name = "phase1-init",
      mixinStandardHelpOptions = true,
      description =
          "Write the initial phase-1 (powers of tau) state, sized for the snapshot's " + "circuit.")
  static final class Phase1Init implements Callable<Integer> {

    @Spec CommandSpec spec;
    @Mixin SnapshotOptions snapshot;

    @Option(
        names = "--out",
        required = true,
        paramLabel = "FILE",
        description = "Where to write the initial state (must not exist).")
    Path out;

    @Override
    public Integer call() {
      PrintWriter w = spec.commandLine().getOut();
      requireNew(out);
      long domain = snapshot.run(w, (s, provers) -> provers.ceremony(s).phase1Init(out));
      w.printf("Phase 1 initialised (domain size %d): %s%n", domain, out);
      w.println(
          "Next: each contributor runs `lockerism ceremony phase1-contribute --in <latest> "
              + "--out <theirs>` and publishes <theirs>.");
      return 0;
    }
  }

  @Command(
      name = "phase1-contribute",
      mixinStandardHelpOptions = true,
      description =
          "Add your phase-1 contribution to the latest state and write it to a new "
              + "file to publish. Your randomness stays in memory and is gone when this exits.")
  static final class Phase1Contribute implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(
        names = "--in",
        required = true,
        paramLabel = "FILE",
        description = "The latest phase-1 state (initial or the previous contribution).")
    Path in;

    @Option(
        names = "--out",
        required = true,
        paramLabel = "FILE",
        description = "Where to write your contribution (must not exist).")
    Path out;

    @Override
    public Integer call() {
      requireFile(in, "phase-1 input");
      requireNew(out);
      long t0 = System.nanoTime();
      Ceremony.phase1Contribute(NativeEngine.load(), in, out);
      spec.commandLine()
          .getOut()
          .printf(
              "Phase-1 contribution written to %s (%.1f s)%n", out, (System.nanoTime() - t0) / 1e9);
      return 0;
    }
  }

  @Command(
      name = "phase1-verify",
      mixinStandardHelpOptions = true,
      description =
          "Verify the phase-1 contributions (in order) and seal them with a public "
              + "beacon into the SRS that phase 2 starts from.")
  static final class Phase1Verify implements Callable<Integer> {

    @Spec CommandSpec spec;
    @Mixin SnapshotOptions snapshot;

    @Option(
        names = "--phase1",
        required = true,
        arity = "1..*",
        paramLabel = "FILE",
        description = "Phase-1 contributions, first to last.")
    List<Path> phase1;

    @Option(
        names = "--beacon",
        required = true,
        paramLabel = "HEX",
        description = "Public random beacon for phase 1, fixed after the last contribution.")
    String beacon;

    @Option(
        names = "--out",
        required = true,
        paramLabel = "FILE",
        description = "Where to write the SRS (must not exist).")
    Path out;

    @Override
    public Integer call() {
      PrintWriter w = spec.commandLine().getOut();
      byte[] b = beacon(beacon, "--beacon");
      requireNew(out);
      snapshot.run(
          w,
          (s, provers) -> {
            provers.ceremony(s).phase1Verify(phase1, b, out);
            return null;
          });
      w.printf("Phase 1 verified (%d contributions); SRS written to %s%n", phase1.size(), out);
      return 0;
    }
  }

  @Command(
      name = "phase2-init",
      mixinStandardHelpOptions = true,
      description =
          "Write the initial phase-2 state of the snapshot's circuit from a verified "
              + "SRS (the output of phase1-verify).")
  static final class Phase2Init implements Callable<Integer> {

    @Spec CommandSpec spec;
    @Mixin SnapshotOptions snapshot;

    @Option(
        names = "--srs",
        required = true,
        paramLabel = "FILE",
        description = "The SRS written by phase1-verify.")
    Path srs;

    @Option(
        names = "--out",
        required = true,
        paramLabel = "FILE",
        description = "Where to write the initial phase-2 state (must not exist).")
    Path out;

    @Override
    public Integer call() {
      PrintWriter w = spec.commandLine().getOut();
      requireFile(srs, "SRS");
      requireNew(out);
      snapshot.run(
          w,
          (s, provers) -> {
            provers.ceremony(s).phase2Init(srs, out);
            return null;
          });
      w.printf("Phase 2 initialised: %s%n", out);
      return 0;
    }
  }

  @Command(
      name = "phase2-contribute",
      mixinStandardHelpOptions = true,
      description =
          "Add your phase-2 contribution to the latest state and write it to a new "
              + "file to publish. Your randomness stays in memory and is gone when this exits.")
  static final class Phase2Contribute implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(
        names = "--in",
        required = true,
        paramLabel = "FILE",
        description = "The latest phase-2 state (initial or the previous contribution).")
    Path in;

    @Option(
        names = "--out",
        required = true,
        paramLabel = "FILE",
        description = "Where to write your contribution (must not exist).")
    Path out;

    @Override
    public Integer call() {
      requireFile(in, "phase-2 input");
      requireNew(out);
      long t0 = System.nanoTime();
      Ceremony.phase2Contribute(NativeEngine.load(), in, out);
      spec.commandLine()
          .getOut()
          .printf(
              "Phase-2 contribution written to %s (%.1f s)%n", out, (System.nanoTime() - t0) / 1e9);
      return 0;
    }
  }

  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description = {
        "Verify a whole ceremony transcript from scratch (every phase-1 and phase-2 "
            + "contribution, in order, against the snapshot's circuit) and print the verifying "
            + "key's SHA-256. Everyone verifying the same files and beacons gets the same hash.",
        "With --install the keys replace the prover cache's, so the app proves with them "
            + "(restart a running app)."
      })
  static final class Verify implements Callable<Integer> {

    @Spec CommandSpec spec;
    @Mixin SnapshotOptions snapshot;

    @Option(
        names = "--phase1",
        required = true,
        arity = "1..*",
        paramLabel = "FILE",
        description = "Phase-1 contributions, first to last.")
    List<Path> phase1;

    @Option(
        names = "--phase2",
        required = true,
        arity = "1..*",
        paramLabel = "FILE",
        description = "Phase-2 contributions, first to last.")
    List<Path> phase2;

    @Option(
        names = "--beacon",
        required = true,
        paramLabel = "HEX",
        description =
            "The public beacon used to seal phase 1 (and phase 2, unless "
                + "--phase2-beacon is given).")
    String beacon;

    @Option(
        names = "--phase2-beacon",
        paramLabel = "HEX",
        description = "A separate public beacon for phase 2, fixed after its last contribution.")
    String phase2Beacon;

    @Option(
        names = "--install",
        description =
            "Write the verified keys into the prover cache (recorded as a ceremony " + "setup).")
    boolean install;

    @Override
    public Integer call() {
      PrintWriter w = spec.commandLine().getOut();
      byte[] b1 = beacon(beacon, "--beacon");
      byte[] b2 = phase2Beacon == null ? b1 : beacon(phase2Beacon, "--phase2-beacon");
      phase1.forEach(p -> requireFile(p, "phase-1 contribution"));
      phase2.forEach(p -> requireFile(p, "phase-2 contribution"));
      long t0 = System.nanoTime();
      Ceremony.Result r =
          snapshot.run(
              w, (s, provers) -> provers.ceremony(s).verify(phase1, phase2, b1, b2, install));
      w.printf(
          "Transcript verified: %d phase-1 and %d phase-2 contributions, domain %d " + "(%.1f s)%n",
          r.phase1Contributions(),
          r.phase2Contributions(),
          r.domainSize(),
          (System.nanoTime() - t0) / 1e9);
      w.println("Setup " + r.setup());
      w.println("Verifying key SHA-256 " + r.vkSha256());
      if (r.installed()) {
        w.println("Keys installed in the prover cache as " + r.cacheKey());
      }
      return 0;
    }
  }
}
