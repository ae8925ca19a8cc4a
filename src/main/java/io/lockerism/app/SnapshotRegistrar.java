package io.lockerism.app;

import io.lockerism.chain.ChainService;
import io.lockerism.chain.SampleProof;
import io.lockerism.chain.VerifierCheckException;
import io.lockerism.config.ChainConfig;
import io.lockerism.engine.FeedProver;
import io.lockerism.evm.Address;
import io.lockerism.model.Snapshot;
import io.lockerism.proof.ProofResult;
import io.lockerism.proof.Provers;
import io.lockerism.snapshot.KeyOrigins;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers each current snapshot on the chain: its feed circuit's verifier (exported by the
 * prover, compiled with the pinned solc) is deployed, checked with a fresh proof of the snapshot's
 * own keys, and entered in ModelRegistry. Runs in the background, since a snapshot's first setup
 * takes a while; FeedLedger refuses records of a snapshot until then (UnknownSnapshot). A failed
 * attempt (node restarting, a transaction not mined in time) is retried with growing pauses;
 * registration is idempotent, so a retry after a partial success is safe. A verifier that fails its
 * check is not retried: the same code would fail again.
 *
 * <p>One rule for development keys (whoever ran their setup could forge proofs): they are
 * registered on the embedded development chain, and on any other chain only with --allow-dev-setup.
 * Otherwise the snapshot is not registered and its proofs stay local until ceremony keys are
 * installed. What happened is recorded in {@link KeyOrigins} for the pages.
 */
final class SnapshotRegistrar implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SnapshotRegistrar.class);
  private static final int ATTEMPTS = 6;
  private static final Duration FIRST_PAUSE = Duration.ofSeconds(2);

  private final Provers provers;
  private final ChainService chain;
  private final ChainConfig config;
  private final KeyOrigins origins;
  private final ScheduledExecutorService worker =
      new ScheduledThreadPoolExecutor(
          1,
          r -> {
            Thread t = new Thread(r, "snapshot-registrar");
            t.setDaemon(true);
            return t;
          });

  SnapshotRegistrar(Provers provers, ChainService chain, ChainConfig config, KeyOrigins origins) {
    this.provers = provers;
    this.chain = chain;
    this.config = config;
    this.origins = origins;
  }

  void register(Snapshot snapshot) {
    if (snapshot.size() < 2) {
      return;
    }
    worker.execute(() -> attempt(snapshot, 1));
  }

  private void attempt(Snapshot snapshot, int attempt) {
    String setup = null;
    try {
      FeedProver prover = provers.forSnapshot(snapshot);
      setup = prover.setupInfo().kind();
      registerWith(snapshot, prover);
    } catch (VerifierCheckException e) {
      origins.failed(snapshot.id(), setup, e.getMessage());
      LOG.error("Snapshot {} is not registered: {}", snapshot.id(), e.getMessage());
    } catch (RuntimeException e) {
      if (attempt >= ATTEMPTS) {
        origins.failed(snapshot.id(), setup, e.getMessage());
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

  private void registerWith(Snapshot snapshot, FeedProver prover) {
    FeedProver.SetupInfo setup = prover.setupInfo();
    long chainId = chain.info().chainId();
    Optional<Address> existing = chain.registry().verifierOf(snapshot.id());
    if (existing.isEmpty() && !setup.ceremony() && !config.registersDevelopmentKeys()) {
      origins.keptLocal(snapshot.id(), setup.kind());
      LOG.warn(
          "Snapshot {} has keys from a development setup, which whoever ran it could use to "
              + "forge proofs, so it is not registered on chain {}: its proofs stay local until "
              + "ceremony keys are installed (`lockerism ceremony verify --install ...`, then "
              + "restart). For a test chain, --allow-dev-setup registers development keys.",
          snapshot.id(),
          chainId);
      return;
    }
    if (existing.isEmpty() && !setup.ceremony() && !chain.info().embedded()) {
      LOG.warn(
          "Registering snapshot {} on chain {} with development keys (--allow-dev-setup): "
              + "whoever ran the setup could forge proofs of it, and the pages say so",
          snapshot.id(),
          chainId);
    }
    Address verifier =
        chain
            .registry()
            .ensureRegistered(
                snapshot.id(),
                prover.verifierSolidity(),
                Provers.registryMetadata(snapshot, setup),
                () -> sample(snapshot, prover));
    origins.registered(snapshot.id(), setup.kind());
    LOG.info(
        "Snapshot {} is registered on chain {} with verifier {} ({} keys)",
        snapshot.id(),
        chainId,
        verifier,
        setup.kind());
  }

  private static SampleProof sample(Snapshot snapshot, FeedProver prover) {
    long t0 = System.nanoTime();
    ProofResult p = Provers.coldStartProof(snapshot, prover);
    LOG.info(
        "Proved the cold-start feed of snapshot {} to check its verifier ({} ms)",
        snapshot.id(),
        (System.nanoTime() - t0) / 1_000_000);
    return new SampleProof(p.proof(), p.publicInputs());
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }
}
