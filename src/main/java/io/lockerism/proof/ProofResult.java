package io.lockerism.proof;

import io.lockerism.engine.FeedProof;
import io.lockerism.evm.Address;
import io.lockerism.evm.Hex;
import io.lockerism.evm.Word;
import java.util.Arrays;
import java.util.List;

/**
 * A verified feed proof as the app passes it on to the chain: typed from where the prover hands it
 * over to the transaction that records it. Holds only public values: the proven feed itself, which
 * the prover also returns, stays out of it.
 *
 * @param proof the proof in the layout FeedLedger.record and IFeedVerifier take
 * @param publicInputs [snapshotIdHi, snapshotIdLo, C_L, C_F, k, publisher]
 * @param commitL the salted commitment to the like-set
 * @param commitF the salted commitment to the feed
 */
public record ProofResult(
    byte[] proof, List<Word> publicInputs, Word commitL, Word commitF, int k) {

  /** Position of the publisher among the public inputs. */
  private static final int PUBLISHER = 5;

  public ProofResult {
    proof = proof.clone();
    publicInputs = List.copyOf(publicInputs);
  }

  /** Types the prover's output (its hex strings are parsed here, once). */
  public static ProofResult of(FeedProof p) {
    return new ProofResult(
        Hex.parse(p.proof(), "the proof"),
        p.publicInputs().stream().map(w -> Word.parse(w, "a public input")).toList(),
        Word.parse(p.commitL(), "C_L"),
        Word.parse(p.commitF(), "C_F"),
        p.k());
  }

  @Override
  public byte[] proof() {
    return proof.clone();
  }

  /**
   * The address the proof was made for: only a transaction from it can record the proof. The zero
   * address when the prove request named no wallet.
   */
  public Address publisher() {
    if (publicInputs.size() != PUBLISHER + 1) {
      return Address.ZERO; // a proof of the circuit before publishers were bound
    }
    byte[] word = publicInputs.get(PUBLISHER).bytes();
    return Address.parse(
        Hex.prefixed(Arrays.copyOfRange(word, word.length - Address.BYTES, word.length)));
  }

  /** The proof as {@code 0x}-hex, as the API shows it. */
  public String proofHex() {
    return Hex.prefixed(proof);
  }
}
