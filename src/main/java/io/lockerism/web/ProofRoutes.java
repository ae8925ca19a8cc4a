package io.lockerism.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import io.javalin.http.sse.SseClient;
import io.lockerism.proof.ProofJob;
import io.lockerism.session.Session;
import io.lockerism.viewer.ViewerService;
import java.util.LinkedHashMap;
import java.util.Map;

/** "Prove this feed": proof jobs, their progress as server-sent events, and the proofs API. */
final class ProofRoutes {

  private static final long POLL_MILLIS = 250;

  private final ViewerService proofs;
  private final Viewers viewers;
  private final Views views;
  private final PublishSettings publish;

  ProofRoutes(ViewerService proofs, Viewers viewers, Views views, PublishSettings publish) {
    this.proofs = proofs;
    this.viewers = viewers;
    this.views = views;
    this.publish = publish;
  }

  void register(RoutesConfig routes) {
    routes.post("/for-you/proofs", this::startForm);
    routes.get("/proofs/{id}", this::jobPage);
    routes.sse("/proofs/{id}/events", this::events);
    routes.post("/api/v1/feed/proofs", this::startApi);
    routes.get("/api/v1/proofs/{id}", this::jobApi);
  }

  private void startForm(Context ctx) {
    Session s = viewers.require(ctx);
    String id = proofs.prove(s, k(ctx.formParam("k")));
    if ("true".equals(ctx.header("HX-Request"))) {
      views.fragment(ctx, "proof", "proof-job", model(job(ctx, s, id)));
    } else {
      ctx.redirect("/proofs/" + id, HttpStatus.SEE_OTHER);
    }
  }

  private void jobPage(Context ctx) {
    Session s = viewers.require(ctx);
    views.page(ctx, "proof", model(job(ctx, s, ctx.pathParam("id"))));
  }

  /** Streams the job's progress bar until it is done, then its result, then closes. */
  private void events(SseClient client) {
    Context ctx = client.ctx();
    Session s = viewers.optional(ctx);
    if (s == null) {
      client.close();
      return;
    }
    String id = ctx.pathParam("id");
    int lastPercent = -1;
    String lastStage = null;
    while (!client.terminated()) {
      ProofJob job = proofs.proofJob(s, id).orElse(null);
      if (job == null) {
        client.close();
        return;
      }
      if (job.percent() != lastPercent || !job.stage().equals(lastStage)) {
        client.sendEvent("progress", oneLine(views.fragmentHtml(ctx, "proof", "proof-progress", model(job))));
        lastPercent = job.percent();
        lastStage = job.stage();
      }
      if (job.finished()) {
        client.sendEvent("done", oneLine(views.fragmentHtml(ctx, "proof", "proof-result", model(job))));
        client.close();
        return;
      }
      sleep();
    }
  }

  private void startApi(Context ctx) {
    Session s = viewers.require(ctx);
    String id = proofs.prove(s, k(ctx.queryParam("k")));
    ctx.status(HttpStatus.ACCEPTED).json(new JsonBodies.ProofStarted(id));
  }

  private void jobApi(Context ctx) {
    Session s = viewers.require(ctx);
    ctx.json(JsonBodies.ProofJobView.of(job(ctx, s, ctx.pathParam("id"))));
  }

  private ProofJob job(Context ctx, Session s, String id) {
    return proofs.proofJob(s, id)
        .orElseThrow(() -> new NotFoundResponse("No such proof."));
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

  /** SSE data lines may not contain newlines; the fragments do not need them. */
  private static String oneLine(String html) {
    return html.replace("\r", "").replace("\n", " ");
  }

  private static void sleep() {
    try {
      Thread.sleep(POLL_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
