package io.lockerism.web;

import java.time.Duration;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.QoSHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Admission control: at most a few requests do their work at once, the rest wait their turn in
 * arrival order, and past a bound they get 503 with Retry-After instead of a hang.
 *
 * <p>Pages and feeds are CPU work (templates, the encrypted feed). With one thread per request, 50
 * at once on two cores share the cores and a template library lock (OGNL's class cache), and each
 * takes as long as the slowest mix around it; in a queue each waits its turn and then runs at full
 * speed, which is what cuts the tail (docs/benchmarks.md, "Load"). Health checks and static files
 * skip the queue, so an overloaded instance still answers its load balancer, and so do proof
 * progress streams, which stay open for a proof's whole run.
 */
final class Admission extends QoSHandler {

  /**
   * Requests working at once: a few per core, so the cores stay busy while some wait on the
   * database or a remote evaluator (on this 2-core machine 4, 8 and 16 all met the load target; 4
   * answered most, docs/benchmarks.md).
   */
  static final int RUNNING = Math.max(8, 4 * Runtime.getRuntime().availableProcessors());

  /** Requests waiting their turn; the next gets 503. */
  static final int WAITING = 512;

  /** The longest a request waits before it gets 503. */
  static final Duration MAX_WAIT = Duration.ofSeconds(15);

  static final String RETRY_AFTER_SECONDS = "2";

  Admission() {
    this(RUNNING, WAITING, MAX_WAIT);
  }

  Admission(int running, int waiting, Duration maxWait) {
    setMaxRequestCount(running);
    setMaxSuspendedRequestCount(waiting);
    setMaxSuspend(maxWait);
    excludePath("/healthz", "/readyz", "/static/*", "/webjars/*");
    // A proof's progress stream stays open until the proof is done, holding no thread meanwhile;
    // counted, a handful of watched proofs would fill every turn.
    excludePath("^/proofs/[^/]+/events$");
  }

  @Override
  protected void reject(Request request, Response response, Callback callback, int status) {
    response.getHeaders().put("Retry-After", RETRY_AFTER_SECONDS);
    super.reject(request, response, callback, status);
  }

  @Override
  protected void failSuspended(
      Request request, Response response, Callback callback, int status, Throwable failure) {
    response.getHeaders().put("Retry-After", RETRY_AFTER_SECONDS);
    super.failSuspended(request, response, callback, status, failure);
  }
}
