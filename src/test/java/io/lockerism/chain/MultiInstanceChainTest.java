package io.lockerism.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lockerism.catalog.SampleCatalogGenerator;
import io.lockerism.cli.Main;
import io.lockerism.config.AppConfig;
import io.lockerism.config.ChainConfig;
import io.lockerism.model.Snapshot;
import io.lockerism.proof.ProofWebTestSupport;
import io.lockerism.testing.ApiClient;
import io.lockerism.testing.PostgresTestDatabase;
import io.lockerism.testing.TestApp;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;

/**
 * Two whole instances on one PostgreSQL and one chain: the first runs the embedded dev chain and
 * registers the snapshot; the second talks to that chain over JSON-RPC with its own prover cache. A
 * feed proved on the second verifies on the chain with the verifier the first registered (one
 * shared setup), and the ledger followers of both store the event once: each instance lists one
 * record, marked published for the viewer. A snapshot then built from the command line becomes
 * current on both and registered on the chain, without a restart.
 */
class MultiInstanceChainTest {

  private static final String PASSWORD = "a long two-instance chain password";

  @Test
  void aProofFromTheSecondInstanceVerifiesOnTheChainAndBothLedgersListItOnce() throws Exception {
    PostgresTestDatabase.reset();
    try (TestApp first = TestApp.start(onSharedDatabase(TestApp.withEmbeddedChain()))) {
      ApiClient operatorSide = ApiClient.signUp(first, "first_side", PASSWORD);
      JsonNode chain = operatorSide.expect(200, operatorSide.http().get("/api/v1/chain"));
      Web3j web3 = Web3j.build(new HttpService(chain.get("rpcUrl").asText()));
      Snapshot snapshot = operatorSide.currentSnapshot();
      PublishProofOnChainTest.awaitRegistered(web3, chain.get("registry").asText(), snapshot.id());

      ChainConfig sameChain =
          ChainConfig.rpc(
              chain.get("rpcUrl").asText(),
              chain.get("chainId").asLong(),
              chain.get("registry").asText(),
              chain.get("ledger").asText());
      AppConfig secondConfig =
          onSharedDatabase(TestApp.config(false)).withChain(sameChain).withSampleImport(false);
      try (TestApp second = TestApp.start(secondConfig)) {
        ApiClient viewer = ApiClient.signUp(second, "second_viewer", PASSWORD);
        assertEquals(snapshot.id(), viewer.currentSnapshot().id());
        viewer.like(snapshot.accountId(3));
        viewer.like(snapshot.accountId(40));
        Credentials wallet = Credentials.create(Keys.createEcKeyPair());
        JsonNode job = ProofWebTestSupport.prove(viewer, 10, wallet.getAddress());

        operatorSide.expect(
            200,
            operatorSide
                .http()
                .postJson(
                    "/api/v1/chain/faucet",
                    "{\"address\":\"" + wallet.getAddress() + "\"}",
                    "X-CSRF-Token",
                    operatorSide.csrfToken()));
        TransactionReceipt receipt =
            PublishProofOnChainTest.send(
                web3,
                new RawTransactionManager(web3, wallet, chain.get("chainId").asLong()),
                wallet,
                job.at("/transaction/to").asText(),
                job.at("/transaction/data").asText());
        assertTrue(receipt.isStatusOK(), "the second instance's proof verifies on the chain");

        String commitF = job.get("commitF").asText();
        JsonNode record = PublishProofOnChainTest.awaitLedgerRecord(viewer, commitF);
        assertTrue(record.get("mine").asBoolean());
        Thread.sleep(3_000); // both followers have polled the block by now
        for (ApiClient side : new ApiClient[] {viewer, operatorSide}) {
          JsonNode records = side.expect(200, side.http().get("/api/v1/ledger")).get("records");
          assertEquals(1, records.size(), "one event, stored once by two followers");
          assertEquals(commitF.toLowerCase(), records.get(0).get("commitF").asText().toLowerCase());
        }
        assertTrue(
            viewer
                .expect(200, viewer.http().get("/api/v1/proofs"))
                .at("/proofs/0/published")
                .asBoolean());

        buildSnapshotElsewhere();
        String built = viewer.currentSnapshot().id();
        assertNotEquals(snapshot.id(), built, "the second instance adopts the new snapshot");
        assertEquals(built, operatorSide.currentSnapshot().id(), "and so does the first");
        PublishProofOnChainTest.awaitRegistered(web3, chain.get("registry").asText(), built);
      }
    }
  }

  /** `lockerism import` and `snapshot build` against the shared database, as an operator would. */
  private static void buildSnapshotElsewhere() throws Exception {
    Path csv = Files.createTempFile("more-creators-", ".csv");
    try (Writer w = Files.newBufferedWriter(csv)) {
      SampleCatalogGenerator.write(91, 4, w);
    }
    List<String> db =
        List.of(
            "--data-dir",
            TestApp.tempDir().toString(),
            "--db-url",
            PostgresTestDatabase.url(),
            "--db-user",
            PostgresTestDatabase.user());
    for (List<String> command :
        List.of(List.of("import", csv.toString()), List.of("snapshot", "build"))) {
      List<String> args = new ArrayList<>(command);
      args.addAll(db);
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int exit =
          Main.run(
              new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
      assertEquals(0, exit, out + "\n" + err);
    }
  }

  private static AppConfig onSharedDatabase(AppConfig config) {
    return config
        .withDatabase(
            PostgresTestDatabase.url(),
            PostgresTestDatabase.user(),
            PostgresTestDatabase.password())
        .withProverCacheDir(TestApp.tempDir()); // each instance its own, as on two machines
  }
}
