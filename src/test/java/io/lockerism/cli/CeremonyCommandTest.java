package io.lockerism.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockerism.catalog.CatalogService;
import io.lockerism.chain.ChainClient;
import io.lockerism.chain.Deployment;
import io.lockerism.config.AppConfig;
import io.lockerism.engine.DevChain;
import io.lockerism.engine.FeedProof;
import io.lockerism.engine.FeedProver;
import io.lockerism.engine.NativeEngine;
import io.lockerism.evm.Address;
import io.lockerism.model.PlaintextScorer;
import io.lockerism.model.Snapshot;
import io.lockerism.proof.Provers;
import io.lockerism.snapshot.SnapshotService;
import io.lockerism.store.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole two-contributor ceremony through the CLI on a tiny catalog (8 profiles; the circuit's
 * fixed part still makes the domain 2^14), the installed keys proving a feed, and the snapshot
 * registered with them on a dev chain.
 */
class CeremonyCommandTest {

  private static final Pattern VK = Pattern.compile("Verifying key SHA-256 ([0-9a-f]{64})");
  private static final String BEACON =
      "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90";

  @TempDir Path dir;

  private CliRunner.Result ok(String... args) {
    long t0 = System.nanoTime();
    CliRunner.Result r = CliRunner.main(args);
    System.out.printf(
        "lockerism %s: %.1f s%n",
        String.join(" ", args).replace(dir + "/", ""), (System.nanoTime() - t0) / 1e9);
    assertEquals(0, r.exit(), r.all());
    return r;
  }

  private String p(String name) {
    return dir.resolve(name).toString();
  }

  /** A catalog of 8 generated profiles and its snapshot, current in a fresh data directory. */
  static Path tinyCatalog(Path dir) {
    Path data = dir.resolve("data");
    Path csv = dir.resolve("catalog.csv");
    assertEquals(0, CliRunner.main("generate", "--profiles", "8", "--out", csv.toString()).exit());
    CliRunner.Result imp = CliRunner.main("import", "--data-dir", data.toString(), csv.toString());
    assertEquals(0, imp.exit(), imp.all());
    CliRunner.Result build = CliRunner.main("snapshot", "build", "--data-dir", data.toString());
    assertEquals(0, build.exit(), build.all());
    return data;
  }

  static Snapshot current(Path data) {
    AppConfig config = AppConfig.forDataDir(data);
    try (Database db = Database.open(config.dbUrl(), config.dbUser(), config.dbPassword());
        SnapshotService s = new SnapshotService(db, new CatalogService(db), Clock.systemUTC())) {
      return s.current();
    }
  }

  @Test
  void twoContributorsVerifyInstallProveAndRegister() throws Exception {
    Path data = tinyCatalog(dir);
    String d = data.toString();
    Snapshot snapshot = current(data);
    assertTrue(snapshot.size() >= 2);

    ok("ceremony", "phase1-init", "--data-dir", d, "--out", p("p1.0"));
    ok("ceremony", "phase1-contribute", "--in", p("p1.0"), "--out", p("p1.alice"));
    ok("ceremony", "phase1-contribute", "--in", p("p1.alice"), "--out", p("p1.bob"));
    ok(
        "ceremony",
        "phase1-verify",
        "--data-dir",
        d,
        "--phase1",
        p("p1.alice"),
        p("p1.bob"),
        "--beacon",
        BEACON,
        "--out",
        p("srs"));
    ok("ceremony", "phase2-init", "--data-dir", d, "--srs", p("srs"), "--out", p("p2.0"));
    ok("ceremony", "phase2-contribute", "--in", p("p2.0"), "--out", p("p2.alice"));
    ok("ceremony", "phase2-contribute", "--in", p("p2.alice"), "--out", p("p2.bob"));

    // an auditor's check (no install), then the operator's check with install: same key
    CliRunner.Result audit =
        ok(
            "ceremony",
            "verify",
            "--data-dir",
            d,
            "--phase1",
            p("p1.alice"),
            p("p1.bob"),
            "--phase2",
            p("p2.alice"),
            p("p2.bob"),
            "--beacon",
            BEACON);
    CliRunner.Result install =
        ok(
            "ceremony",
            "verify",
            "--data-dir",
            d,
            "--phase1",
            p("p1.alice"),
            p("p1.bob"),
            "--phase2",
            p("p2.alice"),
            p("p2.bob"),
            "--beacon",
            BEACON,
            "--install");
    String vkHash = vkHash(audit);
    assertEquals(vkHash, vkHash(install), "re-verifying the transcript gives the same key");
    assertFalse(audit.out().contains("installed"), audit.out());
    assertTrue(install.out().contains("Keys installed"), install.out());

    // a tampered contribution (one byte flipped in the middle of Bob's phase-2 file) fails
    byte[] bob = Files.readAllBytes(dir.resolve("p2.bob"));
    bob[bob.length / 2] ^= 0x01;
    Files.write(dir.resolve("p2.bob.tampered"), bob);
    CliRunner.Result tampered =
        CliRunner.main(
            "ceremony",
            "verify",
            "--data-dir",
            d,
            "--phase1",
            p("p1.alice"),
            p("p1.bob"),
            "--phase2",
            p("p2.alice"),
            p("p2.bob.tampered"),
            "--beacon",
            BEACON);
    assertEquals(1, tampered.exit(), tampered.all());
    assertTrue(tampered.err().contains("phase 2"), tampered.err());

    // the installed keys prove and verify a feed, and say they came from the ceremony
    try (Provers provers =
        new Provers(NativeEngine.load(), AppConfig.forDataDir(data).proverCacheDir())) {
      FeedProver prover = provers.cachedForSnapshot(snapshot);
      FeedProver.SetupInfo setup = prover.setupInfo();
      assertTrue(setup.ceremony(), setup.toString());
      assertEquals("ceremony:" + BEACON + ":" + BEACON, setup.setup());
      assertEquals(vkHash, setup.vkSha256());
      Set<Integer> liked = Set.of(2);
      FeedProof proof =
          prover.prove(new int[] {2}, 3, PlaintextScorer.scores(snapshot, liked), Address.ZERO);
      List<Integer> expected = new ArrayList<>();
      for (int i : PlaintextScorer.feed(snapshot, liked, 3)) {
        expected.add(i);
      }
      assertEquals(expected, proof.feed());
      prover.verify(proof.proof(), proof.publicInputs());
      String metadata = Provers.registryMetadata(snapshot, setup);
      assertTrue(metadata.contains("\"setup\":\"ceremony\""), metadata);
      assertTrue(metadata.contains(vkHash), metadata);
    }

    // registered without --allow-dev-setup, since the keys came from the ceremony
    try (DevChain chain = DevChain.start(NativeEngine.load(), 0)) {
      String url = chain.info().rpcUrl();
      String key = chain.info().deployerPrivateKey();
      Deployment deployed;
      try (ChainClient client =
          ChainClient.connect(
              url, chain.info().chainId(), org.web3j.crypto.Credentials.create(key))) {
        deployed = Deployment.deploy(client);
      }
      String[] args = {
        "--data-dir",
        d,
        "--rpc-url",
        url,
        "--chain-id",
        "1337",
        "--registry",
        deployed.registry().toString(),
        "--ledger",
        deployed.ledger().toString()
      };
      CliRunner.Result reg = CliRunner.register(Map.of("LOCKERISM_DEPLOYER_KEY", key), args);
      assertEquals(0, reg.exit(), reg.all());
      assertTrue(reg.out().contains("ceremony setup"), reg.out());
      assertTrue(reg.out().contains(vkHash), reg.out());
      assertTrue(reg.out().contains("rejected it tampered"), "checked before registering");
      Matcher m =
          Pattern.compile("Registered with verifier (0x[0-9a-fA-F]{40})").matcher(reg.out());
      assertTrue(m.find(), reg.out());
      assertFalse(reg.all().contains(key.substring(2)), "the key is never printed");
      CliRunner.Result again = CliRunner.register(Map.of("LOCKERISM_DEPLOYER_KEY", key), args);
      assertEquals(0, again.exit(), again.all());
      assertTrue(
          again.out().contains("Already registered with verifier " + m.group(1)), again.out());

      // anyone holding the published bytes and transcript can audit the registration
      Path bytes = Files.write(dir.resolve("snapshot.bin"), snapshot.canonicalBytes());
      CliRunner.Result registration =
          ok(
              "snapshot",
              "audit",
              "--bytes",
              bytes.toString(),
              "--rpc-url",
              url,
              "--chain-id",
              "1337",
              "--registry",
              deployed.registry().toString(),
              "--ledger",
              deployed.ledger().toString(),
              "--phase1",
              p("p1.alice"),
              p("p1.bob"),
              "--phase2",
              p("p2.alice"),
              p("p2.bob"),
              "--beacon",
              BEACON,
              "--work-dir",
              p("audit"));
      String report = registration.out();
      assertTrue(report.contains("keys: ceremony:" + BEACON), report);
      assertTrue(report.contains("PASS verifier code"), report);
      assertTrue(report.contains("PASS ledger code"), report);
      assertTrue(report.contains("ceremony transcript, verified against the rebuilt"), report);
      assertFalse(report.contains("no transcript was verified"), report);
      assertTrue(report.contains("Audit passed"), report);
      assertFalse(report.contains("development setup"), report);
    }
  }

  private static String vkHash(CliRunner.Result r) {
    Matcher m = VK.matcher(r.out());
    assertTrue(m.find(), r.out());
    return m.group(1);
  }

  @Test
  void badArgumentsAndFilesAreClearErrors() throws Exception {
    CliRunner.Result help = CliRunner.main("ceremony", "verify", "--help");
    assertEquals(0, help.exit());
    assertTrue(help.out().contains("--install"), help.out());

    CliRunner.Result missing =
        CliRunner.main("ceremony", "phase1-contribute", "--in", p("nope"), "--out", p("out"));
    assertEquals(1, missing.exit());
    assertTrue(missing.err().contains("phase-1 input not found"), missing.err());

    Files.writeString(dir.resolve("garbage"), "not a ceremony file");
    CliRunner.Result garbage =
        CliRunner.main("ceremony", "phase2-contribute", "--in", p("garbage"), "--out", p("out"));
    assertEquals(1, garbage.exit());
    assertTrue(garbage.err().contains("phase 2 contribution from"), garbage.err());
    assertFalse(Files.exists(dir.resolve("out")));

    CliRunner.Result exists =
        CliRunner.main(
            "ceremony", "phase1-contribute", "--in", p("garbage"), "--out", p("garbage"));
    assertEquals(1, exists.exit());
    assertTrue(exists.err().contains("already exists"), exists.err());

    CliRunner.Result beacon =
        CliRunner.main(
            "ceremony",
            "verify",
            "--data-dir",
            p("data"),
            "--phase1",
            p("garbage"),
            "--phase2",
            p("garbage"),
            "--beacon",
            "xyz");
    assertEquals(1, beacon.exit());
    assertTrue(beacon.err().contains("--beacon must be a non-empty hex string"), beacon.err());

    CliRunner.Result usage = CliRunner.main("ceremony", "verify", "--phase1", p("garbage"));
    assertEquals(2, usage.exit(), "missing required options are usage errors");
  }

  @Test
  void registerValidatesItsArgumentsBeforeTouchingAnything() {
    CliRunner.Result noUrl = CliRunner.register(Map.of(), "--data-dir", p("data"));
    assertEquals(1, noUrl.exit());
    assertTrue(noUrl.err().contains("--rpc-url"), noUrl.err());
    String[] chain = {
      "--data-dir",
      p("data"),
      "--rpc-url",
      "http://127.0.0.1:1",
      "--chain-id",
      "300",
      "--registry",
      "0x" + "1".repeat(40),
      "--ledger",
      "0x" + "2".repeat(40)
    };
    CliRunner.Result noKey = CliRunner.register(Map.of(), chain);
    assertEquals(1, noKey.exit());
    assertTrue(noKey.err().contains("no operator key"), noKey.err());
    CliRunner.Result badKey = CliRunner.register(Map.of("LOCKERISM_DEPLOYER_KEY", "0x1234"), chain);
    assertEquals(1, badKey.exit());
    assertTrue(badKey.err().contains("does not hold a 32-byte hex private key"), badKey.err());
    assertFalse(Files.exists(dir.resolve("data")), "nothing was opened");
  }

  @Test
  void registerRefusesADevelopmentSetupUnlessAllowed() throws Exception {
    Path data = tinyCatalog(dir);
    try (DevChain chain = DevChain.start(NativeEngine.load(), 0)) {
      String url = chain.info().rpcUrl();
      String key = chain.info().deployerPrivateKey();
      Deployment deployed;
      try (ChainClient client =
          ChainClient.connect(
              url, chain.info().chainId(), org.web3j.crypto.Credentials.create(key))) {
        deployed = Deployment.deploy(client);
      }
      Map<String, String> env = Map.of("LOCKERISM_DEPLOYER_KEY", key);
      String[] args = {
        "--data-dir",
        data.toString(),
        "--rpc-url",
        url,
        "--chain-id",
        "1337",
        "--registry",
        deployed.registry().toString(),
        "--ledger",
        deployed.ledger().toString()
      };

      CliRunner.Result noKeys = CliRunner.register(env, args);
      assertEquals(1, noKeys.exit());
      assertTrue(noKeys.err().contains("has no keys"), noKeys.err());

      List<String> allow = new ArrayList<>(List.of(args));
      allow.add("--allow-dev-setup");
      CliRunner.Result dev = CliRunner.register(env, allow.toArray(String[]::new));
      assertEquals(0, dev.exit(), dev.all());
      assertTrue(dev.out().contains("development setup"), dev.out());
      assertTrue(dev.out().contains("Registered with verifier"), dev.out());
      assertFalse(dev.all().contains(key.substring(2)), "the key is never printed");

      CliRunner.Result refused = CliRunner.register(env, args);
      assertEquals(1, refused.exit());
      assertTrue(refused.err().contains("development setup"), refused.err());
      assertNotEquals(0, refused.exit());
    }
  }
}
