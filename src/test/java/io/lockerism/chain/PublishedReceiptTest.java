package io.lockerism.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lockerism.cli.Main;
import io.lockerism.config.AppConfig;
import io.lockerism.model.Snapshot;
import io.lockerism.proof.ProofWebTestSupport;
import io.lockerism.testing.ApiClient;
import io.lockerism.testing.PostgresTestDatabase;
import io.lockerism.testing.TestApp;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;

/**
 * A published proof end to end, on H2 and on PostgreSQL: its receipt verifies with {@code lockerism
 * receipt verify} (locally and against the dev chain) and every tampering fails naming what does
 * not match; and a dump of the database taken after publishing cannot join the viewer's proof job
 * to the ledger record (and so to the publishing wallet) on any column.
 */
class PublishedReceiptTest {

  private static final String PASSWORD = "a long receipt password";
  private static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void aPublishedReceiptVerifiesAndTheDumpCannotLinkTheViewerToTheWallet(String kind)
      throws Exception {
    AppConfig config = TestApp.withEmbeddedChain();
    if (kind.equals("postgres")) {
      PostgresTestDatabase.reset();
      config =
          config.withDatabase(
              PostgresTestDatabase.url(),
              PostgresTestDatabase.user(),
              PostgresTestDatabase.password());
    }
    try (TestApp app = TestApp.start(config)) {
      ApiClient viewer = ApiClient.signUp(app, "receipt_" + kind, PASSWORD);
      JsonNode chain = viewer.expect(200, viewer.http().get("/api/v1/chain"));
      Web3j web3 = Web3j.build(new HttpService(chain.get("rpcUrl").asText()));
      Snapshot snapshot = viewer.currentSnapshot();
      PublishProofOnChainTest.awaitRegistered(web3, chain.get("registry").asText(), snapshot.id());
      viewer.like(snapshot.accountId(8));
      viewer.like(snapshot.accountId(99));
      Credentials wallet = Credentials.create(Keys.createEcKeyPair());
      JsonNode job = ProofWebTestSupport.prove(viewer, 12, wallet.getAddress());
      viewer.expect(
          200,
          viewer
              .http()
              .postJson(
                  "/api/v1/chain/faucet",
                  "{\"address\":\"" + wallet.getAddress() + "\"}",
                  "X-CSRF-Token",
                  viewer.csrfToken()));
      String tx =
          PublishProofOnChainTest.send(
                  web3,
                  new RawTransactionManager(web3, wallet, 1337),
                  wallet,
                  job.at("/transaction/to").asText(),
                  job.at("/transaction/data").asText())
              .getTransactionHash();
      PublishProofOnChainTest.awaitLedgerRecord(viewer, job.get("commitF").asText());
      assertTrue(
          viewer
              .expect(200, viewer.http().get("/api/v1/proofs"))
              .at("/proofs/0/published")
              .asBoolean(),
          "while the viewer is logged in, their proof shows as published");

      theDumpCannotJoinTheJobToTheLedger(kind, config, wallet.getAddress(), tx, job);

      JsonNode receipt =
          viewer.expect(
              200, viewer.http().get("/api/v1/proofs/" + job.get("id").asText() + "/receipt"));
      assertTrue(
          tx.equalsIgnoreCase(receipt.at("/chain/transaction").asText()), receipt.toString());
      assertEquals(1337, receipt.at("/chain/chainId").asLong());
      Path dir = Files.createTempDirectory("receipts");
      Path bytes = dir.resolve("snapshot.bin");
      Files.write(bytes, snapshot.canonicalBytes());
      String published = app.baseUrl() + "/api/v1/snapshots/" + snapshot.id() + "/bytes";
      String rpc = chain.get("rpcUrl").asText();
      List<String> local =
          List.of("--bytes", bytes.toString(), "--prover-cache", TestApp.PROVER_CACHE.toString());
      List<String> onChain = List.of("--bytes", published, "--rpc-url", rpc);

      String ok = verify(dir, receipt, local, 0);
      assertTrue(ok.contains("PASS commitments") && ok.contains("PASS proof"), ok);
      assertTrue(ok.contains("NOT CHECKED transaction"), ok);
      String cache = TestApp.PROVER_CACHE.toString();
      List<String> fromDatabase =
          kind.equals("postgres")
              ? List.of(
                  "--data-dir",
                  config.dataDir().toString(),
                  "--db-url",
                  PostgresTestDatabase.url(),
                  "--db-user",
                  PostgresTestDatabase.user(),
                  "--db-password-env",
                  "LOCKERISM_TEST_POSTGRES_PASSWORD",
                  "--prover-cache",
                  cache)
              : List.of(
                  "--data-dir", config.dataDir().toString(), "--h2-tcp", "--prover-cache", cache);
      String okDb = verify(dir, receipt, fromDatabase, 0);
      assertTrue(okDb.contains("PASS snapshot") && okDb.contains("from the database"), okDb);
      String okOnChain = verify(dir, receipt, onChain, 0);
      assertTrue(okOnChain.contains("PASS transaction"), okOnChain);
      assertTrue(okOnChain.toLowerCase().contains(wallet.getAddress().toLowerCase()), okOnChain);

      assertFails(dir, receipt, local, "FAIL commitments", r -> moveFeedEntry(r));
      assertFails(dir, receipt, local, "FAIL commitments", r -> changeSaltByte(r));
      assertFails(dir, receipt, local, "FAIL feed", r -> renameFeedEntry(r, snapshot));
      assertFails(dir, receipt, local, "FAIL snapshot", r -> r.put("snapshotId", "0".repeat(64)));
      assertFails(dir, receipt, local, "FAIL proof", r -> changeProofByte(r));
      assertFails(dir, receipt, onChain, "FAIL proof", r -> changeProofByte(r));
      assertFails(
          dir,
          receipt,
          onChain,
          "FAIL transaction",
          r -> {
            ((ObjectNode) r.get("chain")).put("transaction", "0x" + "ab".repeat(32));
            return r;
          });
      assertFails(dir, receipt, local, "FAIL public inputs", r -> changeK(r));
    }
  }

  /**
   * Every value of every proof_jobs row (bytes as hex), searched for every value that identifies
   * the ledger record — C_L, C_F, the transaction hash, the submitting wallet — and for the proof,
   * which is in the transaction's calldata: none appears, with or without 0x, in any case. What the
   * two tables still share is the snapshot id (the same for every viewer of the model), k and time
   * (docs/privacy.md, "Proof records at rest").
   */
  private static void theDumpCannotJoinTheJobToTheLedger(
      String kind, AppConfig config, String wallet, String tx, JsonNode job) throws Exception {
    List<String> jobValues;
    List<String> identifying = new ArrayList<>();
    try (Connection c = connect(kind, config)) {
      jobValues = values(c, "SELECT * FROM proof_jobs");
      identifying.addAll(
          values(c, "SELECT commit_l, commit_f, tx_hash, submitter FROM ledger_records"));
    }
    assertEquals(4, identifying.size(), "one ledger record: " + identifying);
    assertTrue(
        identifying.stream().anyMatch(tx::equalsIgnoreCase)
            && identifying.stream().anyMatch(wallet::equalsIgnoreCase),
        "the record names the transaction and the wallet: " + identifying);
    assertFalse(jobValues.isEmpty(), "the job is in the dump");
    identifying.add(job.get("proof").asText());
    for (String v : identifying) {
      for (String j : jobValues) {
        assertFalse(j.toLowerCase().contains(plain(v)), "proof_jobs holds " + v + " in " + j);
      }
    }
  }

  private static Connection connect(String kind, AppConfig config) throws Exception {
    return kind.equals("h2")
        ? DriverManager.getConnection(AppConfig.sharedDbUrl(config.dataDir()), "sa", "")
        : DriverManager.getConnection(
            PostgresTestDatabase.url(),
            PostgresTestDatabase.user(),
            PostgresTestDatabase.password());
  }

  /** Every non-null value of every row, as text (bytes as lowercase hex). */
  private static List<String> values(Connection c, String sql) throws Exception {
    List<String> out = new ArrayList<>();
    try (ResultSet rs = c.createStatement().executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      while (rs.next()) {
        for (int i = 1; i <= md.getColumnCount(); i++) {
          Object o = rs.getObject(i);
          if (o instanceof byte[] b) {
            out.add(HexFormat.of().formatHex(b));
          } else if (o != null) {
            out.add(o.toString());
          }
        }
      }
    }
    return out;
  }

  private static String plain(String hex) {
    return (hex.startsWith("0x") ? hex.substring(2) : hex).toLowerCase();
  }

  private static String verify(Path dir, JsonNode receipt, List<String> options, int exit)
      throws Exception {
    Path file = Files.createTempFile(dir, "receipt", ".json");
    Files.writeString(file, JSON.writeValueAsString(receipt));
    List<String> args = new ArrayList<>(List.of("receipt", "verify", file.toString()));
    args.addAll(options);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
    String all = out + "" + err;
    assertEquals(exit, code, all);
    return all;
  }

  private static void assertFails(
      Path dir,
      JsonNode receipt,
      List<String> options,
      String expected,
      UnaryOperator<ObjectNode> tamper)
      throws Exception {
    String output = verify(dir, tamper.apply(receipt.deepCopy()), options, 1);
    assertTrue(output.contains(expected), expected + " in: " + output);
    assertTrue(output.contains("Receipt NOT verified"), output);
  }

  private static ObjectNode moveFeedEntry(ObjectNode r) {
    ArrayNode feed = (ArrayNode) r.get("feed");
    JsonNode first = feed.remove(0);
    feed.insert(1, first);
    return r;
  }

  private static ObjectNode changeSaltByte(ObjectNode r) {
    String salt = r.get("saltF").asText();
    char last = salt.charAt(salt.length() - 1);
    r.put("saltF", salt.substring(0, salt.length() - 1) + (last == '1' ? '2' : '1'));
    return r;
  }

  private static ObjectNode renameFeedEntry(ObjectNode r, Snapshot snapshot) {
    ObjectNode entry = (ObjectNode) r.get("feed").get(0);
    entry.put("accountId", snapshot.accountId((entry.get("index").asInt() + 1) % snapshot.size()));
    return r;
  }

  private static ObjectNode changeProofByte(ObjectNode r) {
    String proof = r.get("proof").asText();
    int at = 2 + 2 * 9; // the 10th byte
    char c = proof.charAt(at);
    r.put("proof", proof.substring(0, at) + (c == 'f' ? '0' : 'f') + proof.substring(at + 1));
    return r;
  }

  private static ObjectNode changeK(ObjectNode r) {
    r.put("k", r.get("k").asInt() + 1); // and one more feed entry would be owed: inputs first
    return r;
  }
}
