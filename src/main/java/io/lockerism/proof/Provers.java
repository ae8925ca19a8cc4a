package io.lockerism.proof;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lockerism.engine.Ceremony;
import io.lockerism.engine.FeedProver;
import io.lockerism.engine.NativeEngine;
import io.lockerism.engine.NativeEngineException;
import io.lockerism.evm.Address;
import io.lockerism.model.PlaintextScorer;
import io.lockerism.model.Snapshot;
import io.lockerism.store.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Feed provers by snapshot. The first use of a snapshot compiles its circuit and runs the local
 * development setup (seconds to minutes by catalog size); both are cached on disk, so later starts
 * load them. With a database shared by several instances, the setup is shared too ({@link
 * SharedSetups}): one instance runs it and the others copy its keys, since the chain verifies only
 * one key pair per snapshot. Ceremony keys an operator installed are used as they are.
 */
public final class Provers implements AutoCloseable {

  private static final int KEEP = 2;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final NativeEngine engine;
  private final Path cacheDir;

  /** How long an instance waits for another's setup of a snapshot (setups take up to minutes). */
  static final Duration SETUP_WAIT = SharedSetups.CLAIM_STALE_AFTER;

  private final Map<String, FeedProver> provers = new LinkedHashMap<>(4, 0.75f, true);

  /** Where the keys of every prover opened here came from, kept after the prover is closed. */
  private final Map<String, FeedProver.SetupInfo> setups = new HashMap<>();

  private final SharedSetups shared;

  /** Provers with setups of their own, cached in {@code cacheDir} (one instance, tools, tests). */
  public Provers(NativeEngine engine, Path cacheDir) {
    this(engine, cacheDir, null);
  }

  private Provers(NativeEngine engine, Path cacheDir, SharedSetups shared) {
    this.engine = engine;
    this.cacheDir = cacheDir;
    this.shared = shared;
  }

  /** Provers whose development setups are shared with the other instances on {@code db}. */
  public static Provers sharedThrough(
      NativeEngine engine, Path cacheDir, Database db, String instance) {
    return new Provers(
        engine,
        cacheDir,
        new SharedSetups(db, instance, FeedProver.circuitKey(engine), Clock.systemUTC()));
  }

  public synchronized FeedProver forSnapshot(Snapshot s) {
    FeedProver prover = provers.get(s.id());
    if (prover == null) {
      prover = shared == null ? ownSetup(s) : sharedSetup(s);
      provers.put(s.id(), prover);
      setups.put(s.id(), prover.setupInfo());
      var it = provers.entrySet().iterator();
      while (provers.size() > KEEP && it.hasNext()) {
        it.next().getValue().close();
        it.remove();
      }
    }
    return prover;
  }

  private FeedProver ownSetup(Snapshot s) {
    return FeedProver.open(engine, s, cacheDir, FeedProver.KeySource.CACHED_OR_DEVELOPMENT_SETUP);
  }

  /**
   * The keys of the shared setup: copied when another instance made them (replacing keys of this
   * instance's own), made and stored when this instance claims the setup, else waited for.
   */
  private FeedProver sharedSetup(Snapshot s) {
    FeedProver local = cachedOrNull(s); // loaded once, not on every look while waiting
    if (local != null && local.setupInfo().ceremony()) {
      return local;
    }
    long deadline = System.nanoTime() + SETUP_WAIT.toNanos();
    while (true) {
      Optional<String> ready = shared.readyVk(s.id());
      if (ready.isPresent()) {
        if (local != null && local.setupInfo().vkSha256().equals(ready.get())) {
          return local;
        }
        closeQuietly(local);
        shared.fetch(s.id(), cacheDir);
        return FeedProver.open(engine, s, cacheDir, FeedProver.KeySource.CACHED);
      }
      if (shared.claim(s.id())) {
        return madeAndShared(s, local);
      }
      if (System.nanoTime() > deadline) {
        closeQuietly(local);
        throw new IllegalStateException(
            "another instance's setup of snapshot " + s.id() + " did not finish in time");
      }
      pause();
    }
  }

  private FeedProver madeAndShared(Snapshot s, FeedProver local) {
    FeedProver made = local;
    try {
      if (made == null) {
        made = ownSetup(s);
      }
      shared.publish(s.id(), cacheDir, made.setupInfo().vkSha256());
      return made;
    } catch (RuntimeException e) {
      shared.abandon(s.id());
      closeQuietly(made);
      throw e;
    }
  }

  private FeedProver cachedOrNull(Snapshot s) {
    try {
      return FeedProver.open(engine, s, cacheDir, FeedProver.KeySource.CACHED);
    } catch (NativeEngineException e) {
      return null; // none cached (or unreadable: the shared setup replaces it)
    }
  }

  private static void closeQuietly(FeedProver p) {
    if (p != null) {
      p.close();
    }
  }

  private static void pause() {
    try {
      Thread.sleep(1_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a shared setup", e);
    }
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
      setups.put(s.id(), prover.setupInfo());
    }
    return prover;
  }

  /**
   * Where this process's keys of a snapshot came from, once a prover of it was opened here; empty
   * before.
   */
  public synchronized Optional<FeedProver.SetupInfo> knownSetup(String snapshotId) {
    return Optional.ofNullable(setups.get(snapshotId));
  }

  /**
   * A proof of the snapshot's cold-start feed (no likes, k = 1) with fresh salts, made with {@code
   * prover}'s keys, for no publisher (the zero address). It reveals nothing about anyone, and a
   * freshly deployed verifier of those keys must accept it (the post-deploy check, docs/proofs.md).
   */
  public static ProofResult coldStartProof(Snapshot s, FeedProver prover) {
    return ProofResult.of(
        prover.prove(new int[0], 1, PlaintextScorer.scores(s, Set.of()), Address.ZERO));
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
