package io.lockerism.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lockerism.config.AppConfig;
import io.lockerism.model.Snapshot;
import io.lockerism.proof.ProofWebTestSupport;
import io.lockerism.testing.ApiClient;
import io.lockerism.testing.TestApp;
import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

/**
 * The whole verifiable-feed path on the embedded chain, as a tool outside the app would do it: the
 * app registers its snapshot's verifier, proves a viewer's feed, offers {to, data}; sending that
 * records it (FeedVerified, on the ledger page and API); the same data with one proof byte changed
 * reverts with InvalidProof, and a replay with AlreadyRecorded. After a restart on the same data
 * directory the embedded chain still holds the contracts, the registration and the record, and the
 * ledger shows it as before.
 */
class PublishProofOnChainTest {

  private static final String PASSWORD = "a long chain password";

  @Test
  void theOfferedTransactionRecordsTheFeedAndATamperedOneReverts() throws Exception {
    AppConfig config = TestApp.withEmbeddedChain();
    JsonNode chainBefore;
    String recorded;
    try (TestApp app = TestApp.start(config)) {
      ApiClient viewer = ApiClient.signUp(app, "chain_viewer", PASSWORD);
      JsonNode chain = viewer.expect(200, viewer.http().get("/api/v1/chain"));
      assertEquals("embedded", chain.get("mode").asText());
      assertEquals(1337, chain.get("chainId").asLong());
      Web3j web3 = Web3j.build(new HttpService(chain.get("rpcUrl").asText()));
      String registry = chain.get("registry").asText();
      Snapshot snapshot = viewer.currentSnapshot();
      awaitRegistered(web3, registry, snapshot.id());

      viewer.like(snapshot.accountId(5));
      viewer.like(snapshot.accountId(77));
      Credentials wallet = Credentials.create(Keys.createEcKeyPair());
      JsonNode job = ProofWebTestSupport.prove(viewer, 20, wallet.getAddress());
      String to = job.at("/transaction/to").asText();
      String data = job.at("/transaction/data").asText();
      assertEquals(chain.get("ledger").asText().toLowerCase(), to.toLowerCase());
      assertEquals(
          "0x" + "0".repeat(24) + wallet.getAddress().substring(2).toLowerCase(),
          job.at("/publicInputs/5").asText(),
          "the proof names the wallet it was made for");

      Credentials thief = Credentials.create(Keys.createEcKeyPair());
      for (Credentials w : List.of(wallet, thief)) {
        viewer.expect(
            200,
            viewer
                .http()
                .postJson(
                    "/api/v1/chain/faucet",
                    "{\"address\":\"" + w.getAddress() + "\"}",
                    "X-CSRF-Token",
                    viewer.csrfToken()));
      }
      RawTransactionManager sender = new RawTransactionManager(web3, wallet, 1337);

      // Front-running: the offered transaction, copied and sent from another account first.
      assertTrue(
          revertReason(web3, thief, to, data).contains(selector("InvalidProof()")),
          "the same record from another account: InvalidProof");
      TransactionReceipt stolen =
          sendUnestimated(web3, new RawTransactionManager(web3, thief, 1337), to, data);
      assertFalse(stolen.isStatusOK(), "mined from another account, it reverts");

      String tampered = tamperProofByte(data);
      assertTrue(
          revertReason(web3, wallet, to, tampered).contains(selector("InvalidProof()")),
          "one changed proof byte: InvalidProof");

      TransactionReceipt receipt = send(web3, sender, wallet, to, data);
      assertTrue(receipt.isStatusOK(), "recorded by the wallet the proof was made for");
      // A measurement for docs/benchmarks.md, not a pass/fail threshold.
      System.out.println(
          "FeedLedger.record gas on the dev chain (generated verifier): " + receipt.getGasUsed());
      assertTrue(
          revertReason(web3, wallet, to, data)
              .contains(selector("AlreadyRecorded(bytes32,bytes32)")),
          "a replay reverts");

      JsonNode record = awaitLedgerRecord(viewer, job.get("commitF").asText());
      assertEquals(snapshot.id(), record.get("snapshotId").asText());
      assertEquals(job.get("commitL").asText(), record.get("commitL").asText());
      assertEquals(20, record.get("k").asInt());
      assertTrue(record.get("mine").asBoolean(), "the viewer's own proof is marked");
      assertEquals(
          wallet.getAddress().toLowerCase(), record.get("submitter").asText().toLowerCase());
      String page = viewer.http().get("/ledger").body();
      assertTrue(page.contains("your proof") && page.contains("Verified feed"));
      assertTrue(
          viewer
              .expect(200, viewer.http().get("/api/v1/proofs"))
              .at("/proofs/0/published")
              .asBoolean(),
          "the viewer's proof list marks it published");
      chainBefore = chain;
      recorded = data;
    }
    afterARestartTheChainStillHoldsTheRecord(config, chainBefore, recorded);
  }

  private static void afterARestartTheChainStillHoldsTheRecord(
      AppConfig config, JsonNode before, String recordData) throws Exception {
    try (TestApp app = TestApp.start(config)) {
      ApiClient viewer = ApiClient.logIn(app, "chain_viewer", PASSWORD);
      JsonNode chain = viewer.expect(200, viewer.http().get("/api/v1/chain"));
      assertEquals(
          before.get("registry").asText(),
          chain.get("registry").asText(),
          "the same ModelRegistry after a restart");
      assertEquals(
          before.get("ledger").asText(),
          chain.get("ledger").asText(),
          "the same FeedLedger after a restart");
      Web3j web3 = Web3j.build(new HttpService(chain.get("rpcUrl").asText()));
      Snapshot snapshot = viewer.currentSnapshot();
      awaitRegistered(web3, chain.get("registry").asText(), snapshot.id());
      Credentials stranger = Credentials.create(Keys.createEcKeyPair());
      assertTrue(
          revertReason(web3, stranger, chain.get("ledger").asText(), recordData)
              .contains(selector("AlreadyRecorded(bytes32,bytes32)")),
          "the chain still holds the record");
      JsonNode records = viewer.expect(200, viewer.http().get("/api/v1/ledger")).get("records");
      assertEquals(1, records.size(), "the record is listed once, not re-read as a second one");
      assertTrue(
          viewer.http().get("/ledger").body().contains("Verified feed"),
          "the ledger page shows what was published before the restart");
      JsonNode proofs = viewer.expect(200, viewer.http().get("/api/v1/proofs")).get("proofs");
      assertEquals(1, proofs.size(), "the proof job is kept across the restart");
      assertTrue(proofs.get(0).get("published").asBoolean(), "and still marked published");
      assertEquals(
          recordData,
          proofs.get(0).at("/transaction/data").asText(),
          "its stored result gives the same FeedLedger.record transaction");
    }
  }

  static void awaitRegistered(Web3j web3, String registry, String snapshotId) throws Exception {
    Function isRegistered =
        new Function(
            "isRegistered",
            List.of(new Bytes32(HexFormat.of().parseHex(snapshotId))),
            List.of(new TypeReference<Bool>() {}));
    for (int i = 0; i < 1800; i++) {
      String out =
          web3.ethCall(
                  Transaction.createEthCallTransaction(
                      null, registry, FunctionEncoder.encode(isRegistered)),
                  DefaultBlockParameterName.LATEST)
              .send()
              .getValue();
      var decoded = FunctionReturnDecoder.decode(out, isRegistered.getOutputParameters());
      if (!decoded.isEmpty() && ((Bool) decoded.get(0)).getValue()) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the snapshot was not registered within three minutes");
  }

  /** Sends like a wallet does: estimate the gas first, then sign and send. */
  static TransactionReceipt send(
      Web3j web3, RawTransactionManager sender, Credentials from, String to, String data)
      throws Exception {
    BigInteger gasPrice = web3.ethGasPrice().send().getGasPrice();
    var estimate =
        web3.ethEstimateGas(Transaction.createEthCallTransaction(from.getAddress(), to, data))
            .send();
    if (estimate.hasError()) {
      throw new AssertionError("gas estimate failed: " + estimate.getError().getMessage());
    }
    BigInteger gas =
        estimate.getAmountUsed().multiply(BigInteger.valueOf(12)).divide(BigInteger.TEN);
    EthSendTransaction sent = sender.sendTransaction(gasPrice, gas, to, data, BigInteger.ZERO);
    if (sent.hasError()) {
      throw new AssertionError("send failed: " + sent.getError().getMessage());
    }
    return new PollingTransactionReceiptProcessor(web3, 100, 300)
        .waitForTransactionReceipt(sent.getTransactionHash());
  }

  /** Sends with a fixed gas limit, as a front-runner copying a pending transaction would. */
  private static TransactionReceipt sendUnestimated(
      Web3j web3, RawTransactionManager sender, String to, String data) throws Exception {
    BigInteger gasPrice = web3.ethGasPrice().send().getGasPrice();
    EthSendTransaction sent =
        sender.sendTransaction(gasPrice, BigInteger.valueOf(1_000_000), to, data, BigInteger.ZERO);
    if (sent.hasError()) {
      throw new AssertionError("send failed: " + sent.getError().getMessage());
    }
    return new PollingTransactionReceiptProcessor(web3, 100, 300)
        .waitForTransactionReceipt(sent.getTransactionHash());
  }

  /** The revert data of an eth_call of this transaction ("" when it does not revert). */
  private static String revertReason(Web3j web3, Credentials from, String to, String data)
      throws Exception {
    var result =
        web3.ethCall(
                Transaction.createEthCallTransaction(from.getAddress(), to, data),
                DefaultBlockParameterName.LATEST)
            .send();
    return result.hasError() ? String.valueOf(result.getError().getData()) : "";
  }

  private static String selector(String signature) {
    return org.web3j.crypto.Hash.sha3String(signature).substring(0, 10);
  }

  /** Flips one byte inside the proof argument of record(bytes32,bytes,bytes32,bytes32,uint256). */
  private static String tamperProofByte(String data) {
    // selector (4) + 5 head words (160) + bytes length (32), then the proof: change its 10th byte
    int at = 2 + 2 * (4 + 160 + 32 + 9);
    char c = data.charAt(at);
    return data.substring(0, at) + (c == 'f' ? '0' : 'f') + data.substring(at + 1);
  }

  static JsonNode awaitLedgerRecord(ApiClient viewer, String commitF) throws Exception {
    for (int i = 0; i < 100; i++) {
      for (JsonNode r : viewer.expect(200, viewer.http().get("/api/v1/ledger")).get("records")) {
        if (r.get("commitF").asText().equalsIgnoreCase(commitF)) {
          return r;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the follower did not store the record");
  }
}
