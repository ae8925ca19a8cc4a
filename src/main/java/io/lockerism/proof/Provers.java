package io.lockerism.proof;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lockerism.engine.Ceremony;
import io.lockerism.engine.FeedProver;
import io.lockerism.engine.NativeEngine;
import io.lockerism.model.Snapshot;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Feed provers by snapshot. The first use of a snapshot compiles its circuit and runs the local
 * development setup (seconds to minutes by catalog size); both are cached on disk, so later starts
 * load them.
 */
public final class Provers implements AutoCloseable {

  private static final int KEEP = 2;
  private static final ObjectMapper JSON = new ObjectMapper();

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
      prover =
          FeedProver.open(engine, s, cacheDir, FeedProver.KeySource.CACHED_OR_DEVELOPMENT_SETUP);
      provers.put(s.id(), prover);
      var it = provers.entrySet().iterator();
      while (provers.size() > KEEP && it.hasNext()) {
        it.next().getValue().close();
        it.remove();
      }
    }
    return prover;
  }

  /**
   * The snapshot's prover from the keys in the cache directory, never running a development setup;
   * throws {@link io.lockerism.engine.NativeEngineException} when no keys are cached.
   */
  public synchronized FeedProver cachedForSnapshot(Snapshot s) {
    FeedProver prover = provers.get(s.id());
    if (prover == null) {
      prover = FeedProver.open(engine, s, cacheDir, FeedProver.KeySource.CACHED);
      provers.put(s.id(), prover);
    }
    return prover;
  }

  /**
   * The MPC ceremony of the snapshot's circuit; its verified keys are installed in this cache
   * directory. A prover already loaded keeps its keys until the process restarts.
   */
  public Ceremony ceremony(Snapshot s) {
    return new Ceremony(engine, s, cacheDir);
  }

  /** The metadata a snapshot is registered with in ModelRegistry (JSON). */
  public static String registryMetadata(Snapshot s, FeedProver.SetupInfo setup) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("profiles", s.size());
    m.put("features", s.d());
    m.put("weight", s.weight());
    m.put("proof", "groth16-bn254");
    m.put("setup", setup.kind());
    if (setup.ceremony()) {
      m.put("ceremony", setup.setup());
    }
    m.put("vkSha256", setup.vkSha256());
    try {
      return JSON.writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public synchronized void close() {
    provers.values().forEach(FeedProver::close);
    provers.clear();
  }
}
