package io.lockerism.proof;

import io.lockerism.evm.TxData;

/**
 * A proof job as its owner sees it. {@code result} and {@code transaction} (ready-to-send
 * FeedLedger.record data, when a chain is configured) are set when done; {@code error} when failed.
 */
public record ProofJob(
    String id,
    long accountId,
    Status status,
    int percent,
    String stage,
    String snapshotId,
    ProofResult result,
    TxData transaction,
    String error) {

  /** Where a job is. */
  public enum Status {
    QUEUED,
    RUNNING,
    DONE,
    FAILED
  }

  public boolean finished() {
    return status == Status.DONE || status == Status.FAILED;
  }

  ProofJob at(int newPercent, String newStage) {
    return new ProofJob(
        id, accountId, Status.RUNNING, newPercent, newStage, snapshotId, null, null, null);
  }

  ProofJob on(String snapshot) {
    return new ProofJob(id, accountId, status, percent, stage, snapshot, null, null, null);
  }

  ProofJob done(ProofResult proof, TxData tx) {
    return new ProofJob(
        id, accountId, Status.DONE, 100, "Proved and verified", snapshotId, proof, tx, null);
  }

  ProofJob failed(String reason) {
    return new ProofJob(
        id, accountId, Status.FAILED, percent, "Failed", snapshotId, null, null, reason);
  }
}
