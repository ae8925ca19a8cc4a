package io.lockerism.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.lockerism.catalog.Page;
import io.lockerism.catalog.Profile;
import io.lockerism.evm.Address;
import io.lockerism.evm.TxData;
import io.lockerism.evm.Word;
import io.lockerism.model.Snapshot;
import io.lockerism.proof.ProofJob;
import io.lockerism.proof.ProofResult;
import io.lockerism.viewer.LikeResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON request and response bodies of the /api/v1 routes, one record each, so every body has
 * one declared shape; {@code openapi.json} describes the same shapes (checked by a test).
 */
final class JsonBodies {

  private JsonBodies() {}

  /** Parses a JSON body, or answers 400 with the expected shape. */
  static <T> T read(Context ctx, Class<T> type, String shape) {
    T body;
    try {
      body = ctx.bodyAsClass(type);
    } catch (io.javalin.http.HttpResponseException e) {
      throw e; // e.g. 413 for a body over the size limit: not a malformed body
    } catch (Exception e) { // Jackson's parse errors arrive as undeclared checked exceptions
      body = null;
    }
    if (body == null) {
      throw new BadRequestResponse("Body must be JSON: " + shape);
    }
    return body;
  }

  /** Every error: a message safe to show, and the HTTP status. */
  record ErrorBody(String error, int status) {}

  /** Sign-up and log-in. */
  record Credentials(String username, String password) {}

  /** A logged-in session: send {@code csrfToken} as X-CSRF-Token with every change. */
  record SessionView(String username, String csrfToken) {}

  /** One page of catalog search results. */
  record ProfilePage(List<Profile> items, int page, int pageSize, long total, int totalPages) {

    static ProfilePage of(Page<Profile> p) {
      return new ProfilePage(p.items(), p.page(), p.pageSize(), p.total(), p.totalPages());
    }
  }

  /** One profile of a feed, in rank order. */
  record FeedEntry(String accountId, long score) {}

  /** The viewer's likes, in the order liked, and how many they may have. */
  record Likes(List<String> likes, int maxLikes) {}

  /** A like or unlike: the profile is named in the body, so it never reaches a request line. */
  record LikeRequest(String accountId) {}

  /** What a like or unlike did; {@code changed} is false when it was so already. */
  record LikeView(String accountId, boolean liked, boolean changed, int likeCount) {

    static LikeView of(LikeResult r) {
      return new LikeView(r.accountId(), r.liked(), r.changed(), r.likeCount());
    }
  }

  /** The current model snapshot, in full: anyone can recompute its id and every score. */
  record SnapshotView(
      String id,
      int d,
      int w,
      int profiles,
      List<String> labels,
      List<String> accountIds,
      List<int[]> rows,
      long[] prior) {

    static SnapshotView of(Snapshot s) {
      List<int[]> rows = new ArrayList<>(s.size());
      for (int i = 0; i < s.size(); i++) {
        rows.add(s.row(i));
      }
      return new SnapshotView(
          s.id(), s.d(), s.weight(), s.size(), s.labels(), s.accountIds(), rows, s.priorValues());
    }
  }

  /** Liveness. */
  record Health(String status) {}

  /** Readiness, with each check's state ("up" or "down"). */
  record Readiness(String status, Map<String, String> checks) {}

  /** The configured chain; only {@code mode} when there is none. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record ChainView(
      String mode,
      Long chainId,
      String rpcUrl,
      Address registry,
      Address ledger,
      String explorerUrl,
      RegisteredSnapshot currentSnapshot) {

    static ChainView none() {
      return new ChainView("none", null, null, null, null, null, null);
    }
  }

  /** The current snapshot and whether it has a verifier on the chain yet. */
  record RegisteredSnapshot(String id, boolean registered) {}

  record FaucetRequest(String address) {}

  record Funded(Address address, String txHash) {}

  /** One FeedVerified record; {@code mine} when it is one of the viewer's own proofs. */
  record LedgerEntry(
      String snapshotId,
      Word commitL,
      Word commitF,
      long k,
      Address submitter,
      Word txHash,
      long blockNumber,
      Instant recordedAt,
      boolean mine) {}

  record Ledger(List<LedgerEntry> records) {}

  record ProofStarted(String id) {}

  /** A prove request: the feed the viewer was shown (from GET /api/v1/feed and its snapshot). */
  record ProveRequest(String snapshotId, Integer k, List<String> feed, String publisher) {}

  /**
   * A proof job: where it is, and when done the proof, its public inputs and the FeedLedger
   * transaction to send (when a chain is configured); when failed, why.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record ProofJobView(
      String id,
      String status,
      int progress,
      String stage,
      String snapshotId,
      String proof,
      List<Word> publicInputs,
      Word commitL,
      Word commitF,
      Integer k,
      TxData transaction,
      String reason,
      Instant createdAt,
      Instant finishedAt,
      boolean published) {

    static ProofJobView of(ProofJob job) {
      ProofResult r = job.result();
      return new ProofJobView(
          job.id(),
          job.status().name().toLowerCase(Locale.ROOT),
          job.percent(),
          job.stage(),
          job.snapshotId(),
          r == null ? null : r.proofHex(),
          r == null ? null : r.publicInputs(),
          r == null ? null : r.commitL(),
          r == null ? null : r.commitF(),
          r == null ? null : r.k(),
          job.transaction(),
          job.error(),
          job.createdAt(),
          job.finishedAt(),
          job.published());
    }
  }

  /** The viewer's proofs: unfinished first, then the finished ones kept, newest first. */
  record ProofList(List<ProofJobView> proofs) {}
}
