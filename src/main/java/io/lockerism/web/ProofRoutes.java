package io.lockerism.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import io.javalin.http.sse.SseClient;
import io.lockerism.evm.Address;
import io.lockerism.proof.ProofJob;
import io.lockerism.proof.ShownFeed;
import io.lockerism.session.Session;
import io.lockerism.viewer.ViewerService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * "Prove this feed": proof jobs, their progress as server-sent events, receipts, and the proofs
 * API. A prove request carries the feed the viewer was shown (snapshot, k, account ids in order):
 * the viewer's own data going back to the server that ranked it, so that the job proves that feed
 * or nothing.
 */
final class ProofRoutes {

  private final ViewerService viewerService;
  private final Viewers viewers;
  private final Views views;
  private final PublishSettings publish;

  ProofRoutes(ViewerService viewerService, Viewers viewers, Views views, PublishSettings publish) {
    this.viewerService = viewerService;
    this.viewers = viewers;
    this.views = views;
    this.publish = publish;
  }

  void register(RoutesConfig routes) {
    routes.post("/for-you/proofs", this::startForm);
    routes.get("/proofs/{id}", this::jobPage);
    routes.sse("/proofs/{id}/events", this::events);
    routes.post("/api/v1/feed/proofs", this::startApi);
    routes.get("/api/v1/proofs", this::listApi);
    routes.get("/api/v1/proofs/{id}", this::jobApi);
    routes.get("/api/v1/proofs/{id}/receipt", this::receiptApi);
  }

  private void startForm(Context ctx) {
    Session s = viewers.require(ctx);
    String id =
        viewerService.prove(
            s,
            shown(ctx.formParam("snapshot"), ctx.formParam("k"), ctx.formParams("feed")),
            publisher(ctx.formParam("publisher")));
    if ("true".equals(ctx.header("HX-Request"))) {
      views.fragment(ctx, "proof-parts", "proof-job", model(job(ctx, s, id)));
    } else {
      ctx.redirect("/proofs/" + id, HttpStatus.SEE_OTHER);
    }
  }

  private void jobPage(Context ctx) {
    Session s = viewers.require(ctx);
    views.page(ctx, "proof", model(job(ctx, s, ctx.pathParam("id"))));
  }

  /**
   * Streams the job's progress bar as it changes, then its result, then closes. Events are pushed
   * by the proof service as the job moves on; no request thread waits meanwhile.
   */
  private void events(SseClient client) {
    Context ctx = client.ctx();
    Session s = viewers.optional(ctx);
    if (s == null) {
      client.close();
      return;
    }
    client.keepAlive();
    ProgressStream stream = new ProgressStream(client);
    viewerService
        .watchProof(s, ctx.pathParam("id"), stream::send)
        .ifPresentOrElse(subscription -> client.onClose(subscription::close), client::close);
  }

  /** One client's stream: sends only changes, closes after the result. */
  private final class ProgressStream {
    private final SseClient client;
    private int lastPercent = -1;
    private String lastStage;
    private boolean done;

    ProgressStream(SseClient client) {
      this.client = client;
    }

    synchronized void send(ProofJob job) {
      if (done || client.terminated()) {
        return;
      }
      Context ctx = client.ctx();
      if (job.percent() != lastPercent || !job.stage().equals(lastStage)) {
        client.sendEvent(
            "progress",
            oneLine(views.fragmentHtml(ctx, "proof-parts", "proof-progress", model(job))));
        lastPercent = job.percent();
        lastStage = job.stage();
      }
      if (job.finished()) {
        done = true;
        client.sendEvent(
            "done", oneLine(views.fragmentHtml(ctx, "proof-parts", "proof-result", model(job))));
        client.close();
      }
    }
  }

  private void startApi(Context ctx) {
    Session s = viewers.require(ctx);
    JsonBodies.ProveRequest body =
        JsonBodies.read(
            ctx,
            JsonBodies.ProveRequest.class,
            "{\"snapshotId\": \"…\", \"k\": 20, \"feed\": [\"account id\", …],"
                + " \"publisher\": \"0x… (optional)\"}");
    String k = body.k() == null ? null : String.valueOf(body.k());
    String id =
        viewerService.prove(
            s, shown(body.snapshotId(), k, body.feed()), publisher(body.publisher()));
    ctx.status(HttpStatus.ACCEPTED).json(new JsonBodies.ProofStarted(id));
  }

  /** The viewer's receipt of a proved job, as a file to keep: it holds their likes. */
  private void receiptApi(Context ctx) {
    Session s = viewers.require(ctx);
    String id = ctx.pathParam("id");
    var receipt =
        viewerService
            .receipt(s, id)
            .orElseThrow(() -> new NotFoundResponse("No receipt for this proof."));
    ctx.header(
        "Content-Disposition",
        "attachment; filename=\"lockerism-receipt-"
            + receipt.snapshotId().substring(0, 8)
            + "-"
            + id.substring(0, Math.min(8, id.length()))
            + ".json\"");
    ctx.json(receipt);
  }

  private void jobApi(Context ctx) {
    Session s = viewers.require(ctx);
    ctx.json(JsonBodies.ProofJobView.of(job(ctx, s, ctx.pathParam("id"))));
  }

  private void listApi(Context ctx) {
    Session s = viewers.require(ctx);
    ctx.json(
        new JsonBodies.ProofList(
            viewerService.proofJobs(s).stream().map(JsonBodies.ProofJobView::of).toList()));
  }

  private ProofJob job(Context ctx, Session s, String id) {
    return viewerService.proofJob(s, id).orElseThrow(() -> new NotFoundResponse("No such proof."));
  }

  private Map<String, Object> model(ProofJob job) {
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("job", job);
    model.put("publish", publish);
    return model;
  }

  /** The feed the request says was shown; 400 when it names none or cannot be a shown feed. */
  private static ShownFeed shown(String snapshotId, String k, List<String> feed) {
    if (snapshotId == null || feed == null || feed.isEmpty() || feed.contains(null)) {
      throw new BadRequestResponse(
          "Say which feed to prove: the snapshot id, k and the account ids you were shown.");
    }
    return new ShownFeed(snapshotId.strip(), k(k), feed.stream().map(String::strip).toList());
  }

  private static int k(String value) {
    if (value == null || value.isBlank()) {
      return 20;
    }
    try {
      int k = Integer.parseInt(value.strip());
      if (k < 1 || k > ViewerService.MAX_PROOF_K) {
        throw new BadRequestResponse("k must be between 1 and " + ViewerService.MAX_PROOF_K);
      }
      return k;
    } catch (NumberFormatException e) {
      throw new BadRequestResponse("k must be a whole number");
    }
  }

  /**
   * The wallet the proof is made for (publish.js names the connected one); none named gives the
   * zero address, whose proofs verify but can never be recorded.
   */
  private static Address publisher(String value) {
    if (value == null || value.isBlank()) {
      return Address.ZERO;
    }
    if (!Address.isAddress(value)) {
      throw new BadRequestResponse("publisher must be a wallet address: 0x and 40 hex digits");
    }
    return Address.parse(value);
  }

  /** SSE data lines may not contain newlines; the fragments do not need them. */
  private static String oneLine(String html) {
    return html.replace("\r", "").replace("\n", " ");
  }
}
