package io.lockerism.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lockerism.catalog.SampleCatalogGenerator;
import io.lockerism.cli.Main;
import io.lockerism.config.AppConfig;
import io.lockerism.config.ChainConfig;
import io.lockerism.evm.Address;
import io.lockerism.testing.TestApp;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Function;

/**
 * A snapshot made current by another process — here `lockerism snapshot build` on the running app's
 * database — is registered on the chain by the app without a restart, and without any viewer asking
 * for it first.
 */
class SnapshotRegistrationTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aSnapshotBuiltByTheCliIsRegisteredByTheRunningApp() throws Exception {
    Path dir = TestApp.tempDir();
    cli("import", csv(dir, 1, 12).toString(), "--data-dir", dir.toString());
    AppConfig config =
        AppConfig.forDataDir(dir)
            .withHost("127.0.0.1")
            .withPort(0)
            .withSampleImport(false)
            .withChain(ChainConfig.embedded().withPort(0));
    try (TestApp app = TestApp.start(config)) {
      JsonNode chain = JSON.readTree(app.newSession().get("/api/v1/chain").body());
      String first = chain.at("/currentSnapshot/id").asText();
      String second;
      try (ChainClient reader =
          ChainClient.connect(chain.get("rpcUrl").asText(), chain.get("chainId").asLong(), null)) {
        Address registry = Address.parse(chain.get("registry").asText());
        awaitVerifier(reader, registry, first);

        cli("import", csv(dir, 2, 3).toString(), "--data-dir", dir.toString());
        String built = cli("snapshot", "build", "--data-dir", dir.toString());
        Matcher m = Pattern.compile("Snapshot ([0-9a-f]{64}) is current").matcher(built);
        assertTrue(m.find(), built);
        second = m.group(1);
        assertNotEquals(first, second);

        // Nobody calls the app: it notices the new current snapshot on its own.
        awaitVerifier(reader, registry, second);
      }
      JsonNode after = JSON.readTree(app.newSession().get("/api/v1/chain").body());
      assertTrue(after.at("/currentSnapshot/registered").asBoolean());
      assertEquals(second, after.at("/currentSnapshot/id").asText());
      assertEquals(
          after.at("/currentSnapshot/id").asText(),
          JSON.readTree(app.newSession().get("/api/v1/snapshots/current").body())
              .get("id")
              .asText());
    }
  }

  private static void awaitVerifier(ChainClient reader, Address registry, String snapshotId)
      throws InterruptedException {
    for (int i = 0; i < 1800; i++) {
      org.web3j.abi.datatypes.Address verifier =
          (org.web3j.abi.datatypes.Address)
              reader
                  .call(
                      registry.toString(),
                      new Function(
                          "verifierOf",
                          List.of(Abi.snapshotId(snapshotId)),
                          List.of(new TypeReference<org.web3j.abi.datatypes.Address>() {})))
                  .get(0);
      if (!Address.parse(verifier.getValue()).isZero()) {
        return;
      }
      Thread.sleep(100); // waits for the registrar's work, not for time to pass
    }
    throw new AssertionError("snapshot " + snapshotId + " was not registered in three minutes");
  }

  private static Path csv(Path dir, long seed, int profiles) throws Exception {
    Path file = dir.resolve("catalog-" + seed + ".csv");
    try (Writer w = Files.newBufferedWriter(file)) {
      SampleCatalogGenerator.write(seed, profiles, w);
    }
    return file;
  }

  private static String cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    assertEquals(0, exit, out + "\n" + err);
    return out.toString();
  }
}
