package io.lockerism.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import io.javalin.http.ServiceUnavailableResponse;
import io.lockerism.chain.ChainInfo;
import io.lockerism.chain.ChainService;
import io.lockerism.chain.DevFaucet;
import io.lockerism.chain.LedgerRecord;
import io.lockerism.evm.Address;
import io.lockerism.evm.Word;
import io.lockerism.proof.ProofJob;
import io.lockerism.session.Session;
import io.lockerism.snapshot.SnapshotService;
import io.lockerism.viewer.ViewerService;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The chain: its settings, the dev faucet, and the ledger of recorded feed proofs. */
final class ChainRoutes {

  private final ChainService chain;
  private final SnapshotService snapshots;
  private final ViewerService viewerService;
  private final Viewers viewers;
  private final Views views;

  ChainRoutes(
      ChainService chain,
      SnapshotService snapshots,
      ViewerService viewerService,
      Viewers viewers,
      Views views) {
    this.chain = chain;
    this.snapshots = snapshots;
    this.viewerService = viewerService;
    this.viewers = viewers;
    this.views = views;
  }

  void register(RoutesConfig routes) {
    routes.get("/api/v1/chain", this::chainApi);
    routes.post("/api/v1/chain/faucet", this::faucetApi);
    routes.get("/api/v1/ledger", this::ledgerApi);
    routes.get("/ledger", this::ledgerPage);
    routes.get("/proofs/{id}/chain-state", this::proofChainState);
  }

  /**
   * For the Publish button, before any wallet round-trip: whether the proof's model snapshot is
   * registered on the chain yet (a transaction sent before that reverts) and whether this feed is
   * already recorded (publishing again would revert too).
   */
  private void proofChainState(Context ctx) {
    Session s = viewers.require(ctx);
    ProofJob job =
        viewerService
            .proofJob(s, ctx.pathParam("id"))
            .filter(j -> j.result() != null)
            .orElseThrow(() -> new NotFoundResponse("No such finished proof."));
    if (chain == null) {
      throw new NotFoundResponse("No chain is configured.");
    }
    boolean registered;
    boolean recorded;
    try {
      registered = chain.registry().verifierOf(job.snapshotId()).isPresent();
      recorded = registered && chain.ledger().isRecorded(job.snapshotId(), job.result().commitF());
    } catch (RuntimeException e) {
      throw new ServiceUnavailableResponse("The chain is not answering; try again shortly.");
    }
    ctx.json(Map.of("registered", registered, "recorded", recorded));
  }

  private void chainApi(Context ctx) {
    if (chain == null) {
      ctx.json(JsonBodies.ChainView.none());
      return;
    }
    ChainInfo info = chain.info();
    String current = snapshots.current().id();
    ctx.json(
        new JsonBodies.ChainView(
            info.mode(),
            info.chainId(),
            info.rpcUrl(),
            info.registry(),
            info.ledger(),
            info.explorerUrl(),
            new JsonBodies.RegisteredSnapshot(
                current, chain.registry().verifierOf(current).isPresent())));
  }

  /** Development only: funds a logged-in viewer's wallet on the embedded chain. */
  private void faucetApi(Context ctx) {
    viewers.require(ctx);
    DevFaucet faucet = chain == null ? null : chain.faucet().orElse(null);
    if (faucet == null) {
      throw new NotFoundResponse("The faucet exists only on the embedded development chain.");
    }
    JsonBodies.FaucetRequest request =
        JsonBodies.read(ctx, JsonBodies.FaucetRequest.class, "{\"address\": \"0x…\"}");
    if (!Address.isAddress(request.address())) {
      throw new BadRequestResponse("address must be a 0x-prefixed 20-byte hex address");
    }
    Address address = Address.parse(request.address());
    ctx.json(new JsonBodies.Funded(address, faucet.fund(address)));
  }

  private void ledgerApi(Context ctx) {
    Set<Word> own = own(viewers.optional(ctx));
    List<JsonBodies.LedgerEntry> out = new ArrayList<>();
    for (LedgerRecord r : records(ctx.queryParam("snapshot"))) {
      out.add(
          new JsonBodies.LedgerEntry(
              r.snapshotId(),
              r.commitL(),
              r.commitF(),
              r.k(),
              r.submitter(),
              r.txHash(),
              r.blockNumber(),
              r.recordedAt(),
              own.contains(r.commitF())));
    }
    ctx.json(new JsonBodies.Ledger(out));
  }

  private void ledgerPage(Context ctx) {
    Set<Word> own = own(viewers.optional(ctx));
    ChainInfo info = chain == null ? null : chain.info();
    Map<String, List<Map<String, Object>>> bySnapshot = new LinkedHashMap<>();
    for (LedgerRecord r : records(null)) {
      String txUrl = info.txUrl(r.txHash());
      bySnapshot
          .computeIfAbsent(r.snapshotId(), k -> new ArrayList<>())
          .add(
              Map.of(
                  "record",
                  r,
                  "commitF",
                  r.commitF().toString(),
                  "commitL",
                  r.commitL().toString(),
                  "mine",
                  own.contains(r.commitF()),
                  "txUrl",
                  txUrl == null ? "" : txUrl));
    }
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("chain", info);
    model.put("bySnapshot", bySnapshot);
    views.page(ctx, "ledger", model);
  }

  private List<LedgerRecord> records(String snapshot) {
    if (chain == null) {
      return List.of();
    }
    try {
      // Read the chain up to its head first: a viewer who follows "See it on the ledger" right
      // after their transaction is mined must find it there, not wait for the next poll.
      chain.follower().sync();
    } catch (RuntimeException e) {
      // The follower reports chain trouble; show what is stored.
    }
    List<LedgerRecord> records = new ArrayList<>(chain.follower().records(snapshot));
    records.sort((a, b) -> Long.compare(b.blockNumber(), a.blockNumber()));
    return records;
  }

  /** The viewer's own feed commitments, to mark their records. */
  private Set<Word> own(Session viewer) {
    return viewer == null ? Set.of() : new HashSet<>(viewerService.proofCommitments(viewer));
  }
}
