package io.lockerism.chain;

import io.lockerism.evm.Address;
import io.lockerism.evm.TxData;
import io.lockerism.evm.Word;
import java.io.IOException;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Writing to the FeedLedger contract: the {@code record} transaction a viewer's wallet sends to
 * record a verified feed, and what became of it.
 */
public final class FeedLedgerClient {

  private final ChainClient client;
  private final Address ledger;

  FeedLedgerClient(ChainClient client, Address ledger) {
    this.client = client;
    this.ledger = ledger;
  }

  public Address address() {
    return ledger;
  }

  /**
   * The transaction a wallet sends to record a verified feed: {@code FeedLedger.record(snapshotId,
   * proof, commitL, commitF, k)}.
   */
  public TxData recordTransaction(
      String snapshotId, byte[] proof, Word commitL, Word commitF, int k) {
    if (proof == null) {
      throw new IllegalArgumentException("proof is required");
    }
    if (commitL == null || commitF == null) {
      throw new IllegalArgumentException("both commitments are required");
    }
    if (k < 0) {
      throw new IllegalArgumentException("k must not be negative, got " + k);
    }
    String data =
        FunctionEncoder.encode(
            new Function(
                "record",
                List.of(
                    Abi.snapshotId(snapshotId),
                    new DynamicBytes(proof),
                    Abi.word(commitL),
                    Abi.word(commitF),
                    new Uint256(BigInteger.valueOf(k))),
                List.of()));
    return new TxData(ledger, data);
  }

  /** Whether the ledger already holds (snapshotId, commitF). */
  public boolean isRecorded(String snapshotId, Word commitF) {
    List<Type> r =
        client.call(
            ledger.toString(),
            new Function(
                "isRecorded",
                List.of(Abi.snapshotId(snapshotId), Abi.word(commitF)),
                List.of(new TypeReference<Bool>() {})));
    return ((Bool) r.get(0)).getValue();
  }

  /** A transaction's receipt, or empty while it is pending or unknown. */
  public Optional<TxReceiptInfo> receipt(String txHash) {
    try {
      Optional<TransactionReceipt> r =
          ChainClient.check(
                  client.web3j().ethGetTransactionReceipt(txHash).send(),
                  "eth_getTransactionReceipt")
              .getTransactionReceipt();
      return r.map(
          x ->
              new TxReceiptInfo(
                  x.getTransactionHash(),
                  x.isStatusOK(),
                  x.getBlockNumber().longValueExact(),
                  x.getGasUsed(),
                  x.getFrom(),
                  x.getTo()));
    } catch (IOException e) {
      throw ChainClient.unreachable(e);
    }
  }
}
