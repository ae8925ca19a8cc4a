package io.lockerism.chain;

/**
 * A verifier was deployed but failed its check (it rejected a proof of the snapshot's own keys, or
 * accepted a tampered one), so the snapshot was not registered. Trying again deploys the same code
 * with the same result: the cause is the code or the chain, never the moment.
 */
public final class VerifierCheckException extends ChainException {

  VerifierCheckException(String message) {
    super(message);
  }
}
