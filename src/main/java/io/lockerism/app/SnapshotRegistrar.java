package io.lockerism.app;

import io.lockerism.chain.ChainService;
import io.lockerism.engine.FeedProver;
import io.lockerism.evm.Address;
import io.lockerism.model.Snapshot;
import io.lockerism.proof.Provers;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers each current snapshot on the chain: its feed circuit's verifier (exported by the
 * prover, compiled with the pinned solc) is deployed and entered in ModelRegistry. Runs in the
 * background, since a snapshot's first setup takes a while; FeedLedger refuses records of a
 * snapshot until then (UnknownSnapshot). A failed attempt (node restarting, a transaction not mined
 * in time) is retried with growing pauses, since until it succeeds no feed of the snapshot can be
 * published; registration is idempotent, so a retry after a partial success is safe.
 */
final class SnapshotRegistrar implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SnapshotRegistrar.class);
  private static final int ATTEMPTS = 6;
  private static final Duration FIRST_PAUSE = Duration.ofSeconds(2);

  private final Provers provers;
  private final ChainService chain;
  private final ScheduledExecutorService worker =
      new ScheduledThreadPoolExecutor(
          1,
          r -> {
            Thread t = new Thread(r, "snapshot-registrar");
            t.setDaemon(true);
            return t;
          });

  SnapshotRegistrar(Provers provers, ChainService chain) {
    this.provers = provers;
    this.chain = chain;
  }

  void register(Snapshot snapshot) {
    if (snapshot.size() < 2) {
      return;
    }
    worker.execute(() -> attempt(snapshot, 1));
  }

  private void attempt(Snapshot snapshot, int attempt) {
    try {
      FeedProver prover = provers.forSnapshot(snapshot);
      Address verifier =
          chain
              .registry()
              .ensureRegistered(
                  snapshot.id(),
                  prover.verifierSolidity(),
                  Provers.registryMetadata(snapshot, prover.setupInfo()));
      LOG.info(
          "Snapshot {} is registered on chain {} with verifier {}",
          snapshot.id(),
          chain.info().chainId(),
          verifier);
    } catch (RuntimeException e) {
      if (attempt >= ATTEMPTS) {
        LOG.error(
            "Could not register snapshot {} on the chain after {} attempts",
            snapshot.id(),
            attempt,
            e);
        return;
      }
      long pause = FIRST_PAUSE.toMillis() << (attempt - 1);
      LOG.warn(
          "Registering snapshot {} on the chain failed (attempt {} of {}); retrying in {} s",
          snapshot.id(),
          attempt,
          ATTEMPTS,
          pause / 1000,
          e);
      worker.schedule(() -> attempt(snapshot, attempt + 1), pause, TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }
}
