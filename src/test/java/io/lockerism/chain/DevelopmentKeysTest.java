package io.lockerism.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lockerism.app.Lockerism;
import io.lockerism.catalog.SampleCatalogGenerator;
import io.lockerism.cli.Main;
import io.lockerism.config.AppConfig;
import io.lockerism.config.ChainConfig;
import io.lockerism.engine.DevChain;
import io.lockerism.engine.NativeEngine;
import io.lockerism.model.Snapshot;
import io.lockerism.proof.ProofWebTestSupport;
import io.lockerism.snapshot.KeyOrigins;
import io.lockerism.testing.ApiClient;
import io.lockerism.testing.HttpSession;
import io.lockerism.testing.TestApp;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;

/**
 * `serve --chain rpc` with development keys, against the embedded dev chain reached over JSON-RPC
 * as if it were a real chain, with the deployer key in the environment. Without --allow-dev-setup
 * the snapshot is not registered and the pages say its proofs stay local until ceremony keys are
 * installed; with it, the snapshot is registered and every verdict (proof page, "Your proofs", the
 * ledger) says that proofs of it could be forged by whoever ran the setup.
 */
class DevelopmentKeysTest {

  private static final String PASSWORD = "a long development keys password";

  @TempDir static Path shared;
  static DevChain chain;
  static String key;
  static Path catalog;

  @BeforeAll
  static void start() throws Exception {
    chain = DevChain.start(NativeEngine.load(), 0);
    key = chain.info().deployerPrivateKey();
    catalog = shared.resolve("catalog.csv");
    try (Writer w = Files.newBufferedWriter(catalog)) {
      SampleCatalogGenerator.write(17, 12, w);
    }
  }

  @AfterAll
  static void stop() {
    chain.close();
  }

  @Test
  void withoutTheFlagTheSnapshotIsNotRegisteredAndProofsStayLocal() throws Exception {
    Deployment contracts = deploy();
    try (Lockerism app = app(contracts, false)) {
      KeyOrigins.Origin origin = awaitDecided(app);
      assertEquals(KeyOrigins.Registration.KEPT_LOCAL, origin.registration());
      assertTrue(origin.developmentKeys());
      String base = "http://127.0.0.1:" + app.port();
      ApiClient viewer = ApiClient.signUp(HttpSession.to(base), "local_viewer", PASSWORD);
      Snapshot snapshot = viewer.currentSnapshot();
      assertTrue(
          app.components().chain().orElseThrow().registry().verifierOf(snapshot.id()).isEmpty(),
          "nothing was registered on the chain");
      assertTrue(
          text(viewer.http().get("/ledger").body())
              .contains("Proofs stay local until ceremony keys are installed."));

      viewer.like(snapshot.accountId(2));
      JsonNode job = ProofWebTestSupport.prove(viewer, 5);
      String page = text(viewer.http().get("/proofs/" + job.get("id").asText()).body());
      assertTrue(page.contains("Proved and verified."), page);
      assertTrue(page.contains("Proofs stay local until ceremony keys are installed."), page);
      assertTrue(page.contains("could be forged by whoever ran that setup"), page);
      assertFalse(page.contains("Publish on chain"), "nothing to publish: " + page);
      assertTrue(
          text(viewer.http().get("/for-you").body()).contains("development keys, stays local"));
    }
  }

  @Test
  void withTheFlagItIsRegisteredAndEveryVerdictSaysProofsCouldBeForged() throws Exception {
    Deployment contracts = deploy();
    try (Lockerism app = app(contracts, true)) {
      KeyOrigins.Origin origin = awaitDecided(app);
      assertEquals(KeyOrigins.Registration.REGISTERED, origin.registration(), origin.toString());
      assertTrue(origin.forgeableOnChain());
      String base = "http://127.0.0.1:" + app.port();
      ApiClient viewer = ApiClient.signUp(HttpSession.to(base), "test_chain_viewer", PASSWORD);
      Snapshot snapshot = viewer.currentSnapshot();
      assertTrue(
          app.components().chain().orElseThrow().registry().verifierOf(snapshot.id()).isPresent());

      viewer.like(snapshot.accountId(4));
      Credentials wallet = Credentials.create(Keys.createEcKeyPair());
      JsonNode job = ProofWebTestSupport.prove(viewer, 5, wallet.getAddress());
      String page = text(viewer.http().get("/proofs/" + job.get("id").asText()).body());
      assertTrue(page.contains("Test keys."), page);
      assertTrue(page.contains("could be forged by whoever ran that setup"), page);
      assertTrue(page.contains("Publish on chain"), page);
      assertTrue(
          text(viewer.http().get("/for-you").body())
              .contains("development keys: could be forged by whoever ran the setup"));

      publish(job, wallet);
      String ledger = text(viewer.http().get("/ledger").body());
      assertTrue(ledger.contains("1 verified"), ledger);
      assertTrue(ledger.contains("Test keys."), "the ledger's verdict says so too: " + ledger);
    }
  }

  /** Fresh contracts per test, so one test's registration is not another's. */
  private static Deployment deploy() {
    try (ChainClient client =
        ChainClient.connect(chain.info().rpcUrl(), 1337, Credentials.create(key))) {
      return Deployment.deploy(client);
    }
  }

  /** `serve --chain rpc` on the dev chain, the deployer key in its environment. */
  private static Lockerism app(Deployment contracts, boolean allowDevSetup) throws Exception {
    Path dir = TestApp.tempDir();
    cli("import", catalog.toString(), "--data-dir", dir.toString());
    AppConfig config =
        AppConfig.forDataDir(dir)
            .withHost("127.0.0.1")
            .withPort(0)
            .withSampleImport(false)
            .withProverCacheDir(shared.resolve("prover"))
            .withChain(
                ChainConfig.rpc(
                        chain.info().rpcUrl(),
                        1337,
                        contracts.registry().toString(),
                        contracts.ledger().toString())
                    .withAllowDevSetup(allowDevSetup));
    return Lockerism.start(config, Clock.systemUTC(), Map.of("LOCKERISM_DEPLOYER_KEY", key));
  }

  /** Waits for the registrar to register the current snapshot or keep it local. */
  private static KeyOrigins.Origin awaitDecided(Lockerism app) throws InterruptedException {
    KeyOrigins keys = app.components().keyOrigins();
    for (int i = 0; i < 1800; i++) {
      KeyOrigins.Origin o = keys.ofCurrent();
      if (o.registration() != KeyOrigins.Registration.UNKNOWN) {
        return o;
      }
      Thread.sleep(100); // waits for the registrar's setup and transactions
    }
    throw new AssertionError("the registrar did not decide within three minutes");
  }

  /** Sends the proof's FeedLedger.record from a fresh wallet funded by the deployer. */
  /** Sends the proof's transaction from {@code wallet}, the wallet it was made for. */
  private static void publish(JsonNode job, Credentials wallet) throws Exception {
    try (ChainClient funder =
        ChainClient.connect(chain.info().rpcUrl(), 1337, Credentials.create(key))) {
      funder.send(wallet.getAddress(), "0x", BigInteger.TEN.pow(19), "fund a wallet");
    }
    Web3j web3 = Web3j.build(new HttpService(chain.info().rpcUrl()));
    try {
      TransactionReceipt receipt =
          PublishProofOnChainTest.send(
              web3,
              new RawTransactionManager(web3, wallet, 1337),
              wallet,
              job.at("/transaction/to").asText(),
              job.at("/transaction/data").asText());
      assertTrue(receipt.isStatusOK(), "the proof verifies on the chain");
    } finally {
      web3.shutdown();
    }
  }

  private static String text(String html) {
    return html.replaceAll("\\s+", " ");
  }

  private static void cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    assertEquals(0, exit, out + "\n" + err);
  }
}
