package io.lockerism.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockerism.catalog.CatalogService;
import io.lockerism.catalog.SampleCatalogGenerator;
import io.lockerism.model.ProgressListener;
import io.lockerism.model.Snapshot;
import io.lockerism.store.Database;
import io.lockerism.testing.MutableClock;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshots on a real in-memory H2 database, on a small generated catalog. Two services over the
 * same database stand for the app and another process (`lockerism snapshot build`, or a second
 * instance).
 */
class SnapshotServiceTest {

  @TempDir Path dir;
  private Database db;
  private CatalogService catalog;
  private final MutableClock clock = new MutableClock();
  private SnapshotService app;
  private SnapshotService other;

  @BeforeEach
  void open() throws Exception {
    db =
        Database.open(
            "jdbc:h2:mem:snapshots-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 2);
    catalog = new CatalogService(db);
    Path csv = dir.resolve("catalog.csv");
    try (Writer w = Files.newBufferedWriter(csv)) {
      SampleCatalogGenerator.write(7, 40, w);
    }
    catalog.importFile(csv);
    app = new SnapshotService(db, catalog, clock);
    other = new SnapshotService(db, catalog, clock);
  }

  @AfterEach
  void close() {
    app.close();
    other.close();
    db.close();
  }

  @Test
  void theFirstCurrentSnapshotIsBuiltFromTheCatalogAndKept() {
    Snapshot first = app.current();
    assertEquals(40, first.size());
    assertSame(first, app.current(), "loaded once, then served from memory");
    assertEquals(first.id(), other.current().id(), "stored: another process finds it");
    assertEquals(first, app.find(first.id()).orElseThrow());
    assertTrue(app.find("00".repeat(32)).isEmpty());
  }

  @Test
  void aSnapshotAnotherProcessMadeCurrentIsAdoptedAndAnnouncedOnce() {
    Snapshot before = app.current();
    List<Snapshot> announced = new CopyOnWriteArrayList<>();
    app.onNewCurrent(announced::add);

    deleteProfile(before.accountId(0));
    Snapshot built = other.buildNow(ProgressListener.NONE);
    assertNotEquals(before.id(), built.id());

    assertEquals(built.id(), app.current().id(), "the app serves the other process's snapshot");
    app.current();
    assertEquals(
        List.of(built.id()),
        announced.stream().map(Snapshot::id).toList(),
        "listeners (e.g. the chain registrar) hear of it exactly once");
  }

  @Test
  void aSnapshotBuiltHereIsAnnouncedAndListedWithItsTime() {
    app.current();
    List<Snapshot> announced = new CopyOnWriteArrayList<>();
    app.onNewCurrent(announced::add);
    clock.advance(Duration.ofHours(3));
    deleteProfile(app.current().accountId(1));
    Snapshot built = app.buildNow(ProgressListener.NONE);
    assertEquals(List.of(built), announced);
    SnapshotSummary newest = app.list().get(0);
    assertEquals(built.id(), newest.id());
    assertEquals(39, newest.profiles());
    assertEquals(Instant.parse("2026-01-01T03:00:00Z"), newest.createdAt());
    assertEquals(2, app.list().size());
  }

  @Test
  void aBackgroundBuildReportsItsProgressUntilDone() throws Exception {
    app.current();
    deleteProfile(app.current().accountId(2));
    BuildProgress started = app.startBuild();
    assertTrue(started.running());
    BuildProgress p = app.progress();
    for (int i = 0; i < 600 && p.running(); i++) {
      Thread.sleep(50); // waits for the builder thread, not for time to pass
      p = app.progress();
    }
    assertEquals(BuildProgress.State.DONE, p.state(), String.valueOf(p.error()));
    assertEquals(100, p.percent());
    assertEquals(app.current().id(), p.snapshotId());
  }

  private void deleteProfile(String accountId) {
    db.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("DELETE FROM profiles WHERE account_id = ?")) {
            ps.setString(1, accountId);
            return ps.executeUpdate();
          }
        });
  }
}
