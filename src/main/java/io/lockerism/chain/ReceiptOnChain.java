package io.lockerism.chain;

import io.lockerism.evm.Address;
import io.lockerism.evm.Word;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.StaticArray;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * The chain's half of {@code lockerism receipt verify}: does the snapshot's registered verifier
 * accept a receipt's proof (an {@code eth_call}, no transaction), and what FeedVerified records did
 * a named transaction emit. Reads the chain only; needs no key.
 */
public final class ReceiptOnChain {

  private final ChainClient client;

  public ReceiptOnChain(ChainClient client) {
    this.client = client;
  }

  /** The ModelRegistry a FeedLedger checks proofs with (its immutable {@code registry}). */
  public Address registryOf(String ledger) {
    List<Type> r =
        client.call(
            ledger,
            new Function(
                "registry",
                List.of(),
                List.of(new TypeReference<org.web3j.abi.datatypes.Address>() {})));
    if (r.isEmpty()) {
      throw new ChainException("no FeedLedger at " + ledger + " (it has no registry)");
    }
    return Abi.address((org.web3j.abi.datatypes.Address) r.get(0));
  }

  /**
   * Whether the verifier registered for the snapshot in {@code registry} accepts the proof with
   * these statement values; empty when the snapshot has no registered verifier. A revert counts as
   * a rejection.
   */
  public Optional<Boolean> registeredVerifierAccepts(
      String registry, String snapshotId, byte[] proof, List<Word> publicInputs) {
    ModelRegistryClient registryClient =
        new ModelRegistryClient(client, Address.parse(registry), null);
    Optional<Address> verifier = registryClient.verifierOf(snapshotId);
    if (verifier.isEmpty()) {
      return Optional.empty();
    }
    List<Uint256> words = new ArrayList<>();
    for (Word w : publicInputs) {
      words.add(new Uint256(new BigInteger(1, w.bytes())));
    }
    try {
      List<Type> out =
          client.call(
              verifier.get().toString(),
              new Function(
                  "verifyFeed",
                  List.of(new DynamicBytes(proof), new StaticArray<>(Uint256.class, words) {}),
                  List.of(new TypeReference<Bool>() {})));
      return Optional.of(!out.isEmpty() && ((Bool) out.get(0)).getValue());
    } catch (ChainException e) {
      return Optional.of(false);
    }
  }

  /** A FeedVerified record as the chain holds it. */
  public record Recorded(
      String snapshotId, Word commitL, Word commitF, long k, Address submitter) {}

  /**
   * The FeedVerified records that {@code ledger} emitted in transaction {@code txHash}; empty when
   * the transaction is unknown, failed or emitted none there.
   */
  public List<Recorded> feedVerifiedIn(String ledger, String txHash) {
    Optional<TransactionReceipt> receipt;
    try {
      receipt =
          ChainClient.check(
                  client.web3j().ethGetTransactionReceipt(txHash).send(),
                  "eth_getTransactionReceipt")
              .getTransactionReceipt();
    } catch (IOException e) {
      throw ChainClient.unreachable(e);
    }
    if (receipt.isEmpty() || !receipt.get().isStatusOK()) {
      return List.of();
    }
    String topic = EventEncoder.encode(LedgerFollower.FEED_VERIFIED);
    List<Recorded> out = new ArrayList<>();
    for (Log log : receipt.get().getLogs()) {
      if (log.getAddress().equalsIgnoreCase(ledger)
          && !log.getTopics().isEmpty()
          && log.getTopics().get(0).equalsIgnoreCase(topic)) {
        out.add(decode(log));
      }
    }
    return out;
  }

  private static Recorded decode(Log log) {
    List<Type> data =
        FunctionReturnDecoder.decode(
            log.getData(), LedgerFollower.FEED_VERIFIED.getNonIndexedParameters());
    Bytes32 snapshot =
        (Bytes32)
            FunctionReturnDecoder.decodeIndexedValue(
                log.getTopics().get(1), new TypeReference<Bytes32>() {});
    org.web3j.abi.datatypes.Address submitter =
        (org.web3j.abi.datatypes.Address)
            FunctionReturnDecoder.decodeIndexedValue(
                log.getTopics().get(2), new TypeReference<org.web3j.abi.datatypes.Address>() {});
    return new Recorded(
        Word.of(snapshot.getValue()).toPlainHex(),
        Word.of(((Bytes32) data.get(0)).getValue()),
        Word.of(((Bytes32) data.get(1)).getValue()),
        ((Uint256) data.get(2)).getValue().longValueExact(),
        Abi.address(submitter));
  }
}
