package io.lockerism.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import io.javalin.http.sse.SseClient;
import io.lockerism.evm.Address;
import io.lockerism.proof.ProofJob;
import io.lockerism.session.Session;
import io.lockerism.viewer.ViewerService;
import java.util.LinkedHashMap;
import java.util.Map;

/** "Prove this feed": proof jobs, their progress as server-sent events, and the proofs API. */
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
  }

  private void startForm(Context ctx) {
    Session s = viewers.require(ctx);
    String id =
        viewerService.prove(s, k(ctx.formParam("k")), publisher(ctx.formParam("publisher")));
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
    String id =
        viewerService.prove(s, k(ctx.queryParam("k")), publisher(ctx.queryParam("publisher")));
    ctx.status(HttpStatus.ACCEPTED).json(new JsonBodies.ProofStarted(id));
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
