package io.lockerism.proof;

import io.lockerism.engine.FeedProof;
import io.lockerism.evm.Hex;
import io.lockerism.evm.Word;
import java.util.List;

/**
 * A verified feed proof as the app passes it on to the chain: typed from where the prover hands it
 * over to the transaction that records it. Holds only public values: the proven feed itself, which
 * the prover also returns, stays out of it.
 *
 * @param proof the proof in the layout FeedLedger.record and IFeedVerifier take
 * @param publicInputs [snapshotIdHi, snapshotIdLo, C_L, C_F, k]
 * @param commitL the salted commitment to the like-set
 * @param commitF the salted commitment to the feed
 */
public record ProofResult(
    byte[] proof, List<Word> publicInputs, Word commitL, Word commitF, int k) {

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

  /** The proof as {@code 0x}-hex, as the API shows it. */
  public String proofHex() {
    return Hex.prefixed(proof);
  }
}
