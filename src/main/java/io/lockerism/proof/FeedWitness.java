package io.lockerism.proof;

import io.lockerism.evm.Address;
import io.lockerism.model.Snapshot;

/**
 * What a proof of a viewer's feed is made from: the snapshot, the liked indices and the viewer's
 * decrypted HE scores of every profile, gathered in the viewer's vault, held in memory for the job
 * only, never stored, never sent anywhere; and the publisher, the wallet address the proof is made
 * for (only its transaction can record the proof; {@link Address#ZERO} when none was named).
 */
public record FeedWitness(
    Snapshot snapshot, int[] likedIndices, long[] decryptedScores, Address publisher) {

  /** Gathers a witness when the job runs; may take a while (encrypted scoring). */
  @FunctionalInterface
  public interface Source {
    FeedWitness gather();
  }

  /** The witness cannot be gathered for a reason the viewer can act on (e.g. logged out). */
  public static class UnavailableException extends RuntimeException {
    public UnavailableException(String message) {
      super(message);
    }
  }
}
