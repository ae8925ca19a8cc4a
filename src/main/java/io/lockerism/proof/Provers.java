package io.lockerism.proof;

import io.lockerism.engine.FeedProver;
import io.lockerism.engine.NativeEngine;
import io.lockerism.model.Snapshot;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Feed provers by snapshot. The first use of a snapshot compiles its circuit and runs the local
 * development setup (seconds to minutes by catalog size); both are cached on disk, so later
 * starts load them.
 */
public final class Provers implements AutoCloseable {

  private static final int KEEP = 2;

  private final NativeEngine engine;
  private final Path cacheDir;
  private final Map<String, FeedProver> provers = new LinkedHashMap<>(4, 0.75f, true);

  public Provers(NativeEngine engine, Path cacheDir) {
    this.engine = engine;
    this.cacheDir = cacheDir;
  }

  public synchronized FeedProver forSnapshot(Snapshot s) {
    FeedProver prover = provers.get(s.id());
    if (prover == null) {
      byte[] matrix = new byte[s.size() * s.d()];
      s.matrix().get(matrix);
      byte[] prior = new byte[s.size()];
      s.priors().get(prior);
      prover = FeedProver.loadOrSetUp(engine, HexFormat.of().parseHex(s.id()), s.d(), s.size(),
          matrix, prior, s.weight(), cacheDir);
      provers.put(s.id(), prover);
      var it = provers.entrySet().iterator();
      while (provers.size() > KEEP && it.hasNext()) {
        it.next().getValue().close();
        it.remove();
      }
    }
    return prover;
  }

  @Override
  public synchronized void close() {
    provers.values().forEach(FeedProver::close);
    provers.clear();
  }
}
