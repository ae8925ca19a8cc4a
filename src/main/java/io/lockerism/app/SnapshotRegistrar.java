package io.lockerism.app;

import io.lockerism.chain.ChainService;
import io.lockerism.engine.FeedProver;
import io.lockerism.evm.Address;
import io.lockerism.model.Snapshot;
import io.lockerism.proof.Provers;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers each current snapshot on the chain: its feed circuit's verifier (exported by the
 * prover, compiled with the pinned solc) is deployed and entered in ModelRegistry. Runs in the
 * background, since a snapshot's first setup takes a while; FeedLedger refuses records of a
 * snapshot until then (UnknownSnapshot).
 */
final class SnapshotRegistrar implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SnapshotRegistrar.class);

  private final Provers provers;
  private final ChainService chain;
  private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
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
    worker.submit(() -> {
      try {
        FeedProver prover = provers.forSnapshot(snapshot);
        Address verifier = chain.registry().ensureRegistered(snapshot.id(),
            prover.verifierSolidity(), Provers.registryMetadata(snapshot, prover.setupInfo()));
        LOG.info("Snapshot {} is registered on chain {} with verifier {}", snapshot.id(),
            chain.info().chainId(), verifier);
      } catch (RuntimeException e) {
        LOG.error("Could not register snapshot {} on the chain", snapshot.id(), e);
      }
    });
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }
}
