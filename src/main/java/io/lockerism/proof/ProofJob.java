package io.lockerism.proof;

import io.lockerism.evm.TxData;
import java.time.Instant;

/**
 * A proof job as its owner sees it, read from its row and opened with the owner's key. {@code
 * result} and {@code transaction} (ready-to-send FeedLedger.record data, when a chain is
 * configured) are set when done; {@code error} when failed; {@code published} when the ledger
 * follower has recorded its feed.
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
    String error,
    Instant createdAt,
    Instant finishedAt,
    boolean published) {

  /** Where a job is; stored as queued, running, proved or failed. */
  public enum Status {
    QUEUED("queued"),
    RUNNING("running"),
    DONE("proved"),
    FAILED("failed");

    private final String column;

    Status(String column) {
      this.column = column;
    }

    /** The value in proof_jobs.status. */
    String column() {
      return column;
    }

    static Status ofColumn(String value) {
      for (Status s : values()) {
        if (s.column.equals(value)) {
          return s;
        }
      }
      throw new IllegalStateException("unknown proof job status in the database");
    }
  }

  public boolean finished() {
    return status == Status.DONE || status == Status.FAILED;
  }

  /** The same job with its opened result, and whether the ledger holds its feed. */
  ProofJob withResult(ProofResult opened, boolean isPublished) {
    return new ProofJob(
        id,
        accountId,
        status,
        percent,
        stage,
        snapshotId,
        opened,
        transaction,
        error,
        createdAt,
        finishedAt,
        isPublished);
  }

  /** The same job shown as failed, its sealed result not opening for {@code reason}. */
  ProofJob unreadable(String reason) {
    return new ProofJob(
        id,
        accountId,
        Status.FAILED,
        percent,
        "Failed",
        snapshotId,
        null,
        null,
        reason,
        createdAt,
        finishedAt,
        false);
  }

  /** The same job with the FeedLedger transaction attached. */
  ProofJob withTransaction(TxData tx) {
    return new ProofJob(
        id,
        accountId,
        status,
        percent,
        stage,
        snapshotId,
        result,
        tx,
        error,
        createdAt,
        finishedAt,
        published);
  }
}
