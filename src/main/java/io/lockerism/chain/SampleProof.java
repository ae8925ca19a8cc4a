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
   * The same proof with the lowest bit of its first coordinate flipped: no longer a point of the
   * curve (or another point), so a working verifier rejects it. A verifier on a chain without the
   * BN254 precompiles reads its own input back as the precompile's answer and accepts anything,
   * this included.
   */
  byte[] tampered() {
    byte[] t = proof.clone();
    t[Math.min(31, t.length - 1)] ^= 1;
    return t;
  }
}
