package io.lockerism.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.lockerism.evm.Address;
import io.lockerism.evm.TxData;
import io.lockerism.evm.Word;
import io.lockerism.proof.ProofJob;
import io.lockerism.proof.ProofResult;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The JSON request and response bodies of the /api/v1 routes, one record each, so every body
 * has one declared shape; {@code openapi.json} describes the same shapes (checked by a test).
 */
final class JsonBodies {

  private JsonBodies() {}

  /** Parses a JSON body, or answers 400 with the expected shape. */
  static <T> T read(Context ctx, Class<T> type, String shape) {
    T body;
    try {
      body = ctx.bodyAsClass(type);
    } catch (Exception e) { // Jackson's parse errors arrive as undeclared checked exceptions
      body = null;
    }
    if (body == null) {
      throw new BadRequestResponse("Body must be JSON: " + shape);
    }
    return body;
  }

  /** The configured chain; only {@code mode} when there is none. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record ChainView(String mode, Long chainId, String rpcUrl, Address registry, Address ledger,
      String explorerUrl, RegisteredSnapshot currentSnapshot) {

    static ChainView none() {
      return new ChainView("none", null, null, null, null, null, null);
    }
  }

  /** The current snapshot and whether it has a verifier on the chain yet. */
  record RegisteredSnapshot(String id, boolean registered) {}

  record FaucetRequest(String address) {}

  record Funded(Address address, String txHash) {}

  /** One FeedVerified record; {@code mine} when it is one of the viewer's own proofs. */
  record LedgerEntry(String snapshotId, Word commitL, Word commitF, long k, Address submitter,
      Word txHash, long blockNumber, Instant recordedAt, boolean mine) {}

  record Ledger(List<LedgerEntry> records) {}

  record ProofStarted(String id) {}

  /**
   * A proof job: where it is, and when done the proof, its public inputs and the FeedLedger
   * transaction to send (when a chain is configured); when failed, why.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record ProofJobView(String id, String status, int progress, String stage, String snapshotId,
      String proof, List<Word> publicInputs, Word commitL, Word commitF, Integer k,
      TxData transaction, String reason) {

    static ProofJobView of(ProofJob job) {
      ProofResult r = job.result();
      return new ProofJobView(job.id(), job.status().name().toLowerCase(Locale.ROOT),
          job.percent(), job.stage(), job.snapshotId(), r == null ? null : r.proofHex(),
          r == null ? null : r.publicInputs(), r == null ? null : r.commitL(),
          r == null ? null : r.commitF(), r == null ? null : r.k(), job.transaction(),
          job.error());
    }
  }
}
