package io.lockerism.proof;

/**
 * Seals and opens what a proof job keeps at rest that only its viewer may read — the proof, its
 * commitments and their openings — under the viewer's vault key, bound to the job. Supplied by the
 * viewer's session: with the viewer logged out there is no key and nothing can be opened.
 */
public interface ProofSeal {

  byte[] seal(String jobId, byte[] plaintext);

  /**
   * Opens a sealed record of {@code jobId}; throws when the vault is locked or it does not open.
   */
  byte[] open(String jobId, byte[] sealed);
}
