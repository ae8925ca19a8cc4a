package io.lockerism.snapshot;

import io.lockerism.catalog.CatalogService;
import io.lockerism.model.ProgressListener;
import io.lockerism.model.Snapshot;
import io.lockerism.model.SnapshotBuilder;
import io.lockerism.store.Database;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model snapshots: building one from the catalog, storing it, and serving the current one.
 * Snapshots are immutable, so the current one is cached in memory.
 */
public final class SnapshotService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SnapshotService.class);

  private final SnapshotRepository repository;
  private final CatalogService catalog;
  private final Clock clock;
  private final AtomicReference<Snapshot> current = new AtomicReference<>();
  private final List<Consumer<Snapshot>> listeners = new CopyOnWriteArrayList<>();
  private final AtomicReference<BuildProgress> build = new AtomicReference<>(BuildProgress.idle());
  private final ExecutorService builder =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "snapshot-builder");
            t.setDaemon(true);
            return t;
          });

  public SnapshotService(Database db, CatalogService catalog, Clock clock) {
    this.repository = new SnapshotRepository(db);
    this.catalog = catalog;
    this.clock = clock;
  }

  /**
   * The current snapshot; builds the first one from the catalog when there is none. Asks the
   * database which id is current each time (one indexed row), because `lockerism snapshot build` or
   * another instance may have changed it; the snapshot itself is loaded only when it did, and then
   * adopted like one built here: {@link #onNewCurrent} listeners hear of it.
   */
  public Snapshot current() {
    Snapshot known = current.get();
    String id = repository.currentId().orElse(null);
    if (known != null && known.id().equals(id)) {
      return known;
    }
    if (id == null) {
      return buildNow(ProgressListener.NONE);
    }
    Snapshot loaded =
        repository
            .find(id)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "the current snapshot " + id + " is missing from the database"));
    // Of the threads that see the change at once, only the one that swaps it in reports it.
    if (current.compareAndSet(known, loaded) && known != null) {
      LOG.info(
          "Snapshot {} became current elsewhere: {} profiles × {} features",
          loaded.id(),
          loaded.size(),
          loaded.d());
      announce(loaded);
    }
    return loaded;
  }

  /**
   * Called with every snapshot that becomes current after this service knew one: built here, or
   * made current by another process (`lockerism snapshot build`, another instance) and adopted by
   * {@link #current()}.
   */
  public void onNewCurrent(Consumer<Snapshot> listener) {
    listeners.add(listener);
  }

  public Optional<Snapshot> find(String id) {
    Snapshot s = current.get();
    return s != null && s.id().equals(id) ? Optional.of(s) : repository.find(id);
  }

  public List<SnapshotSummary> list() {
    return repository.list();
  }

  /** Builds a snapshot of the whole catalog, stores it and makes it current. */
  public Snapshot buildNow(ProgressListener progress) {
    Snapshot s =
        SnapshotBuilder.build(
            catalog.all(), SnapshotBuilder.DEFAULT_D, SnapshotBuilder.DEFAULT_WEIGHT, progress);
    repository.saveAsCurrent(s, clock.instant());
    current.set(s);
    LOG.info("Snapshot {} is current: {} profiles × {} features", s.id(), s.size(), s.d());
    announce(s);
    return s;
  }

  private void announce(Snapshot s) {
    for (Consumer<Snapshot> listener : listeners) {
      try {
        listener.accept(s);
      } catch (RuntimeException e) {
        LOG.error("A listener failed on the new current snapshot {}", s.id(), e);
      }
    }
  }

  /** Starts a background build unless one is running; progress is read with {@link #progress()}. */
  public synchronized BuildProgress startBuild() {
    if (build.get().running()) {
      return build.get();
    }
    BuildProgress running = BuildProgress.started();
    build.set(running);
    builder.submit(
        () -> {
          try {
            Snapshot s = buildNow(f -> build.set(BuildProgress.at(f)));
            build.set(BuildProgress.done(s.id()));
          } catch (RuntimeException e) {
            LOG.error("Snapshot build failed", e);
            build.set(BuildProgress.failed(e.getMessage()));
          }
        });
    return running;
  }

  public BuildProgress progress() {
    return build.get();
  }

  @Override
  public void close() {
    builder.shutdownNow();
  }
}
