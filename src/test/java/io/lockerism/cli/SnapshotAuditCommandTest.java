package io.lockerism.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lockerism.chain.ChainClient;
import io.lockerism.chain.Deployment;
import io.lockerism.config.AppConfig;
import io.lockerism.engine.DevChain;
import io.lockerism.engine.FeedProver;
import io.lockerism.engine.NativeEngine;
import io.lockerism.model.Snapshot;
import io.lockerism.proof.Provers;
import io.lockerism.testing.TestApp;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.crypto.Credentials;

/**
 * {@code lockerism snapshot audit} on the embedded dev chain: the app's own registration passes an
 * audit made from the snapshot's public bytes alone; a registry entry whose verifier belongs to
 * another snapshot, and bytes that changed, fail with messages that say what is wrong.
 */
class SnapshotAuditCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void theAppsRegistrationPassesAnAuditFromItsPublicBytes() throws Exception {
    try (TestApp app = TestApp.start(TestApp.withEmbeddedChain())) {
      HttpClient http = HttpClient.newHttpClient();
      JsonNode chain = JSON.readTree(get(http, app.baseUrl() + "/api/v1/chain").body());
      String id =
          JSON.readTree(get(http, app.baseUrl() + "/api/v1/snapshots/current").body())
              .get("id")
              .asText();
      String registry = chain.get("registry").asText();
      String rpc = chain.get("rpcUrl").asText();
      awaitRegistered(rpc, registry, id);

      String url = app.baseUrl() + "/api/v1/snapshots/" + id + "/bytes";
      HttpResponse<byte[]> bytes =
          http.send(
              HttpRequest.newBuilder(URI.create(url)).build(),
              HttpResponse.BodyHandlers.ofByteArray());
      assertEquals(200, bytes.statusCode());
      assertEquals(
          id,
          HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.body())),
          "the id is the SHA-256 of the published bytes");
      assertEquals("\"" + id + "\"", bytes.headers().firstValue("ETag").orElse(""));
      assertEquals(
          404,
          get(http, app.baseUrl() + "/api/v1/snapshots/" + "0".repeat(64) + "/bytes").statusCode());
      assertEquals(400, get(http, app.baseUrl() + "/api/v1/snapshots/nope/bytes").statusCode());
      assertTrue(
          get(http, app.baseUrl() + "/api/v1/openapi.json")
              .body()
              .contains("\"/api/v1/snapshots/{id}/bytes\""),
          "documented in the OpenAPI document");

      CliRunner.Result audit =
          printed(
              CliRunner.main(
                  "snapshot",
                  "audit",
                  "--bytes",
                  url,
                  "--rpc-url",
                  rpc,
                  "--chain-id",
                  "1337",
                  "--registry",
                  registry,
                  "--ledger",
                  chain.get("ledger").asText(),
                  "--prover-cache",
                  TestApp.PROVER_CACHE.toString(),
                  "--work-dir",
                  dir.resolve("work").toString()));
      assertEquals(0, audit.exit(), audit.all());
      for (String check :
          List.of(
              "registry code",
              "ledger code",
              "registered",
              "metadata",
              "verifying key",
              "verifier code",
              "sample proof")) {
        assertTrue(audit.out().contains("PASS " + check + ":"), check + "\n" + audit.out());
      }
      assertTrue(audit.out().contains("development setup"), audit.out());
      assertTrue(audit.out().contains("Audit passed"), audit.out());
    }
  }

  @Test
  void aVerifierOfAnotherSnapshotOrChangedBytesFailClearly() throws Exception {
    Path dataA = catalog(dir.resolve("a"), 1);
    Path dataB = catalog(dir.resolve("b"), 2);
    Snapshot a = CeremonyCommandTest.current(dataA);
    Snapshot b = CeremonyCommandTest.current(dataB);
    Path bytesA = Files.write(dir.resolve("a.bin"), a.canonicalBytes());
    Path bytesB = Files.write(dir.resolve("b.bin"), b.canonicalBytes());
    byte[] changed = a.canonicalBytes();
    changed[changed.length - 1] ^= 1; // one prior value: still a valid snapshot, another id
    Path bytesChanged = Files.write(dir.resolve("changed.bin"), changed);
    NativeEngine engine = NativeEngine.load();

    try (DevChain chain = DevChain.start(engine, 0)) {
      String rpc = chain.info().rpcUrl();
      String key = chain.info().deployerPrivateKey();
      Credentials operator = Credentials.create(key);
      Deployment deployed;
      try (ChainClient client = ChainClient.connect(rpc, 1337, operator)) {
        deployed = Deployment.deploy(client);
      }
      CliRunner.Result reg =
          CliRunner.register(
              Map.of("LOCKERISM_DEPLOYER_KEY", key),
              "--data-dir",
              dataA.toString(),
              "--rpc-url",
              rpc,
              "--chain-id",
              "1337",
              "--registry",
              deployed.registry().toString(),
              "--ledger",
              deployed.ledger().toString(),
              "--allow-dev-setup");
      assertEquals(0, reg.exit(), reg.all());
      Matcher m =
          Pattern.compile("Registered with verifier (0x[0-9a-fA-F]{40})").matcher(reg.out());
      assertTrue(m.find(), reg.out());
      String verifierA = m.group(1);

      CliRunner.Result okA = audit(bytesA, rpc, deployed, dataA);
      assertEquals(0, okA.exit(), okA.all());
      assertTrue(okA.out().contains("Audit passed"), okA.out());
      assertTrue(okA.out().contains("PASS registry code:"), okA.out());
      assertTrue(okA.out().contains("PASS ledger code:"), okA.out());
      assertTrue(okA.out().contains("immutable slot(s)"), okA.out());

      // A ledger bound to another registry, and a "registry" that is not ModelRegistry's code.
      Deployment other;
      try (ChainClient client = ChainClient.connect(rpc, 1337, operator)) {
        other = Deployment.deploy(client);
      }
      CliRunner.Result foreignLedger =
          audit(bytesA, rpc, deployed.registry().toString(), other.ledger().toString(), dataA);
      assertEquals(1, foreignLedger.exit(), foreignLedger.all());
      assertTrue(foreignLedger.out().contains("PASS registry code:"), foreignLedger.out());
      assertTrue(
          foreignLedger.out().contains("FAIL ledger code: the code at " + other.ledger()),
          foreignLedger.out());
      assertTrue(foreignLedger.out().contains("Audit FAILED"), foreignLedger.out());
      CliRunner.Result notARegistry =
          audit(bytesA, rpc, deployed.ledger().toString(), deployed.ledger().toString(), dataA);
      assertEquals(1, notARegistry.exit(), notARegistry.all());
      assertTrue(
          notARegistry.out().contains("FAIL registry code: the code at " + deployed.ledger()),
          notARegistry.out());

      // The operator enters snapshot B with B's true metadata and key hash, but A's verifier.
      String metadataB;
      try (Provers provers = new Provers(engine, AppConfig.forDataDir(dataB).proverCacheDir())) {
        FeedProver prover = provers.forSnapshot(b);
        metadataB = Provers.registryMetadata(b, prover.setupInfo());
      }
      try (ChainClient client = ChainClient.connect(rpc, 1337, operator)) {
        client.send(
            deployed.registry().toString(),
            FunctionEncoder.encode(
                new Function(
                    "register",
                    List.of(
                        new Bytes32(HexFormat.of().parseHex(b.id())),
                        new Address(verifierA),
                        new Utf8String(metadataB)),
                    List.of())),
            BigInteger.ZERO,
            "register B");
      }
      CliRunner.Result badB = audit(bytesB, rpc, deployed, dataB);
      assertEquals(1, badB.exit(), badB.all());
      assertTrue(badB.out().contains("PASS registered:"), badB.out());
      assertTrue(
          badB.out().contains("PASS verifying key:"), "the entry claims B's key; " + badB.out());
      assertTrue(badB.out().contains("FAIL verifier code: the code at " + verifierA), badB.out());
      assertTrue(badB.out().contains("it verifies something else"), badB.out());
      assertTrue(
          badB.out().contains("FAIL sample proof: the deployed verifier rejects"), badB.out());
      assertTrue(badB.out().contains("Audit FAILED"), badB.out());

      CliRunner.Result badBytes = audit(bytesChanged, rpc, deployed, dataA);
      assertEquals(1, badBytes.exit(), badBytes.all());
      assertTrue(badBytes.out().contains("FAIL registered: ModelRegistry "), badBytes.out());
      assertTrue(badBytes.out().contains("not a registered model"), badBytes.out());
      assertFalse(badBytes.out().contains("Rebuilt"), "nothing is rebuilt for an unknown id");

      CliRunner.Result noKeys = audit(bytesA, rpc, deployed, dataB);
      assertEquals(1, noKeys.exit(), noKeys.all());
      assertTrue(noKeys.err().contains("no keys for snapshot " + a.id()), noKeys.err());

      CliRunner.Result usage =
          CliRunner.main(
              "snapshot",
              "audit",
              "--bytes",
              bytesA.toString(),
              "--rpc-url",
              rpc,
              "--chain-id",
              "1337",
              "--registry",
              deployed.registry().toString(),
              "--ledger",
              deployed.ledger().toString());
      assertEquals(1, usage.exit());
      assertTrue(usage.err().contains("either a ceremony transcript"), usage.err());
    }
  }

  /**
   * A prover cache's setup record is a claim: keys a cache records as from a ceremony are audited
   * without calling them a verified transcript, and the audit says none was verified.
   */
  @Test
  void keysACacheRecordsAsCeremonyKeysAreNotCalledAVerifiedTranscript() throws Exception {
    Path data = catalog(dir.resolve("c"), 3);
    Snapshot c = CeremonyCommandTest.current(data);
    Path bytes = Files.write(dir.resolve("c.bin"), c.canonicalBytes());
    Path cache = AppConfig.forDataDir(data).proverCacheDir();
    String cacheKey;
    try (Provers provers = new Provers(NativeEngine.load(), cache)) {
      cacheKey = provers.forSnapshot(c).setupInfo().cacheKey();
    }
    // Development keys, with a record that claims a ceremony (as `ceremony verify --install`
    // would write one).
    Files.writeString(
        cache.resolve(cacheKey + ".setup"), "ceremony:" + "ab".repeat(32) + ":" + "cd".repeat(32));
    try (DevChain chain = DevChain.start(NativeEngine.load(), 0)) {
      String rpc = chain.info().rpcUrl();
      String key = chain.info().deployerPrivateKey();
      Deployment deployed;
      try (ChainClient client = ChainClient.connect(rpc, 1337, Credentials.create(key))) {
        deployed = Deployment.deploy(client);
      }
      CliRunner.Result reg =
          CliRunner.register(
              Map.of("LOCKERISM_DEPLOYER_KEY", key),
              "--data-dir",
              data.toString(),
              "--rpc-url",
              rpc,
              "--chain-id",
              "1337",
              "--registry",
              deployed.registry().toString(),
              "--ledger",
              deployed.ledger().toString());
      assertEquals(0, reg.exit(), reg.all());
      assertTrue(reg.out().contains("ceremony setup"), reg.out());
      assertTrue(
          reg.out().contains("rejected it tampered"), "checked after deploying: " + reg.out());

      CliRunner.Result audit = audit(bytes, rpc, deployed, data);
      assertEquals(0, audit.exit(), audit.all());
      assertTrue(audit.out().contains("PASS verifying key:"), audit.out());
      assertFalse(audit.out().contains("verified ceremony transcript"), audit.out());
      assertFalse(audit.out().contains("transcript, verified"), audit.out());
      assertTrue(audit.out().contains("no transcript was verified here"), audit.out());
    }
  }

  private CliRunner.Result audit(Path bytes, String rpc, Deployment contracts, Path data) {
    return audit(bytes, rpc, contracts.registry().toString(), contracts.ledger().toString(), data);
  }

  private CliRunner.Result audit(
      Path bytes, String rpc, String registry, String ledger, Path data) {
    return printed(
        CliRunner.main(
            "snapshot",
            "audit",
            "--bytes",
            bytes.toString(),
            "--rpc-url",
            rpc,
            "--chain-id",
            "1337",
            "--registry",
            registry,
            "--ledger",
            ledger,
            "--prover-cache",
            AppConfig.forDataDir(data).proverCacheDir().toString(),
            "--work-dir",
            dir.resolve("work").toString()));
  }

  /** The audit's report, in the test log: what an auditor would read. */
  private static CliRunner.Result printed(CliRunner.Result r) {
    System.out.println(r.all());
    return r;
  }

  /** A data directory with 8 generated profiles (seeded) and their snapshot, current. */
  private static Path catalog(Path dir, int seed) throws Exception {
    Files.createDirectories(dir);
    Path data = dir.resolve("data");
    Path csv = dir.resolve("catalog.csv");
    assertEquals(
        0,
        CliRunner.main("generate", "--profiles", "8", "--seed", "" + seed, "--out", csv.toString())
            .exit());
    assertEquals(0, CliRunner.main("import", "--data-dir", data.toString(), csv.toString()).exit());
    assertEquals(0, CliRunner.main("snapshot", "build", "--data-dir", data.toString()).exit());
    return data;
  }

  private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The app registers its snapshot in the background after start. */
  private static void awaitRegistered(String rpc, String registry, String id) throws Exception {
    Function isRegistered =
        new Function(
            "isRegistered",
            List.of(new Bytes32(HexFormat.of().parseHex(id))),
            List.of(new TypeReference<Bool>() {}));
    try (ChainClient client = ChainClient.connect(rpc, 1337, null)) {
      for (int i = 0; i < 1800; i++) {
        List<Type> r = client.call(registry, isRegistered);
        if (((Bool) r.get(0)).getValue()) {
          return;
        }
        Thread.sleep(100);
      }
    }
    throw new AssertionError("the snapshot was not registered within three minutes");
  }
}
