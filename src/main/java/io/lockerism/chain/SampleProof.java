package io.lockerism.chain;

import io.lockerism.evm.Word;
import java.util.List;

/**
 * A proof the snapshot's own keys just made, with its public inputs: a freshly deployed verifier
 * must accept it, and must reject it once one bit of the proof is flipped, before the snapshot is
 * registered ({@link ModelRegistryClient#ensureRegistered}).
 *
 * @param proof the proof in the layout IFeedVerifier takes
 * @param publicInputs the public inputs, in the verifier's order
 */
public record SampleProof(byte[] proof, List<Word> publicInputs) {

  public SampleProof {
    if (proof == null || proof.length == 0) {
      throw new IllegalArgumentException("a sample proof needs proof bytes");
    }
    proof = proof.clone();
    publicInputs = List.copyOf(publicInputs);
  }

  @Override
  public byte[] proof() {
    return proof.clone();
  }

  /**
   * How many tampered variants a verifier must reject. On a chain without the pairing precompile
   * the verifier's answer is one bit of its own input (the missing precompile's empty answer leaves
   * {@code and(ok, mload(f))} reading the lowest bit of an accumulator that changes with every
   * proof), so each variant is accepted with probability 1/2: all of them with 2^-24.
   */
  static final int TAMPERED_VARIANTS = 24;

  /**
   * The proof with bit {@code i % 8} of byte {@code 31 - i / 8} flipped: in A's x coordinate, which
   * the verifier uses only in the pairing, so a working verifier rejects every variant.
   */
  byte[] tampered(int i) {
    byte[] t = proof.clone();
    int at = Math.max(0, Math.min(31, t.length - 1) - i / 8);
    t[at] ^= (byte) (1 << (i % 8));
    return t;
  }
}
