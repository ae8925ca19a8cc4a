package io.lockerism.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import io.lockerism.chain.ChainInfo;
import io.lockerism.chain.ChainService;
import io.lockerism.chain.LedgerRecord;
import io.lockerism.session.Session;
import io.lockerism.snapshot.SnapshotService;
import io.lockerism.viewer.ViewerService;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The chain: its settings, the dev faucet, and the ledger of recorded feed proofs. */
final class ChainRoutes {

  private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");

  private final ChainService chain;
  private final SnapshotService snapshots;
  private final ViewerService proofs;
  private final Viewers viewers;
  private final Views views;

  ChainRoutes(ChainService chain, SnapshotService snapshots, ViewerService proofs,
      Viewers viewers, Views views) {
    this.chain = chain;
    this.snapshots = snapshots;
    this.proofs = proofs;
    this.viewers = viewers;
    this.views = views;
  }

  void register(RoutesConfig routes) {
    routes.get("/api/v1/chain", this::chainApi);
    routes.post("/api/v1/chain/faucet", this::faucetApi);
    routes.get("/api/v1/ledger", this::ledgerApi);
    routes.get("/ledger", this::ledgerPage);
  }

  private void chainApi(Context ctx) {
    Map<String, Object> json = new LinkedHashMap<>();
    if (chain == null) {
      json.put("mode", "none");
    } else {
      ChainInfo info = chain.info();
      json.put("mode", info.mode());
      json.put("chainId", info.chainId());
      json.put("rpcUrl", info.rpcUrl());
      json.put("registry", info.registry());
      json.put("ledger", info.ledger());
      json.put("explorerUrl", info.explorerUrl());
      String current = snapshots.current().id();
      json.put("currentSnapshot", Map.of("id", current,
          "registered", chain.verifierOf(current).isPresent()));
    }
    ctx.json(json);
  }

  /** Development only: funds a logged-in viewer's wallet on the embedded chain. */
  private void faucetApi(Context ctx) {
    viewers.require(ctx);
    if (chain == null || !chain.info().mode().equals("embedded")) {
      throw new NotFoundResponse("The faucet exists only on the embedded development chain.");
    }
    Object address;
    try {
      address = ctx.bodyAsClass(Map.class).get("address");
    } catch (Exception e) { // Jackson's parse errors arrive as undeclared checked exceptions
      throw new BadRequestResponse("Body must be JSON: {\"address\": \"0x…\"}");
    }
    if (!(address instanceof String a) || !ADDRESS.matcher(a).matches()) {
      throw new BadRequestResponse("address must be a 0x-prefixed 20-byte hex address");
    }
    ctx.json(Map.of("address", a, "txHash", chain.fund(a)));
  }

  private void ledgerApi(Context ctx) {
    Session viewer = viewers.optional(ctx);
    Set<BigInteger> own = own(viewer);
    List<Map<String, Object>> out = new ArrayList<>();
    for (LedgerRecord r : records(ctx.queryParam("snapshot"))) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("snapshotId", r.snapshotId());
      json.put("commitL", word(r.commitL()));
      json.put("commitF", word(r.commitF()));
      json.put("k", r.k());
      json.put("submitter", r.submitter());
      json.put("txHash", r.txHash());
      json.put("blockNumber", r.blockNumber());
      json.put("recordedAt", r.recordedAt());
      json.put("mine", own.contains(r.commitF()));
      out.add(json);
    }
    ctx.json(Map.of("records", out));
  }

  private void ledgerPage(Context ctx) {
    Session viewer = viewers.optional(ctx);
    Set<BigInteger> own = own(viewer);
    Map<String, List<Map<String, Object>>> bySnapshot = new LinkedHashMap<>();
    for (LedgerRecord r : records(null)) {
      bySnapshot.computeIfAbsent(r.snapshotId(), k -> new ArrayList<>()).add(Map.of(
          "record", r, "commitF", word(r.commitF()), "commitL", word(r.commitL()),
          "mine", own.contains(r.commitF()),
          "txUrl", chain.info().explorerUrl() == null ? "" : chain.info().explorerUrl() + "/tx/"
              + r.txHash()));
    }
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("chain", chain == null ? null : chain.info());
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
      chain.syncLedger();
    } catch (RuntimeException e) {
      // The follower reports chain trouble; show what is stored.
    }
    List<LedgerRecord> records = new ArrayList<>(chain.records(snapshot));
    records.sort((a, b) -> Long.compare(b.blockNumber(), a.blockNumber()));
    return records;
  }

  private Set<BigInteger> own(Session viewer) {
    Set<BigInteger> own = new HashSet<>();
    if (viewer != null) {
      proofs.proofCommitments(viewer)
          .forEach(c -> own.add(new BigInteger(c.substring(2), 16)));
    }
    return own;
  }

  private static String word(BigInteger v) {
    return String.format("0x%064x", v);
  }
}
