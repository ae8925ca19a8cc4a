package io.lockerism.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockerism.engine.DpNoise;
import io.lockerism.store.Database;
import io.lockerism.testing.PostgresTestDatabase;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Releases end to end with the real OpenDP library and a real database: unbiased noise of the
 * planned spread, a budget that concurrent releases (threads and instances, on H2 and PostgreSQL)
 * cannot overspend, and stored releases that are re-served, never re-drawn.
 */
class AnalyticsServiceTest {

  private static final Duration WINDOW = Duration.ofSeconds(10);
  private static final Instant T0 = Instant.ofEpochSecond(1_700_000_000L / 10 * 10);
  private static final List<String> CELLS = cells(30);
  private static final DpNoise DP = DpNoise.load();

  private static List<String> cells(int n) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add("p" + i);
    }
    return ids;
  }

  private static Database h2() {
    return Database.open("jdbc:h2:mem:dp-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
  }

  private static Database database(String kind) {
    if (kind.equals("postgres")) {
      PostgresTestDatabase.reset();
      return Database.open(
          PostgresTestDatabase.url(), PostgresTestDatabase.user(), PostgresTestDatabase.password());
    }
    return h2();
  }

  private static AnalyticsService service(Database db, ManualClock clock, PrivacyPolicy p) {
    return new AnalyticsService(db, DP, p, WINDOW, clock, () -> CELLS);
  }

  /**
   * 300 windows in which 5 viewers like p0 and nobody likes p1. The released values' mean is within
   * 6 standard errors (σ/√300 ≈ 0.47 at σ ≈ 8.2) of the true count, and their sample variance
   * within 6 of its standard errors (≈ σ²·√(2/299)) of the discrete Gaussian's exact variance: a
   * chance failure has probability below 1e-8.
   */
  @Test
  void releasedValuesAreUnbiasedAndSpreadAsTheScaleSays() {
    ManualClock clock = new ManualClock(T0);
    int windows = 300;
    // Room for every window: this test is about the noise, not the lifetime bound.
    PrivacyPolicy policy = PrivacyPolicy.defaults().withViewerWindows(windows);
    try (Database db = h2();
        AnalyticsService a = service(db, clock, policy)) {
      for (int w = 0; w < windows; w++) {
        for (long viewer = 1; viewer <= 5; viewer++) {
          a.liked(viewer, "p0");
        }
        clock.advance(WINDOW);
        a.tick();
      }
      double sigma = PrivacyPolicy.defaults().scale(Series.LIKES_RECEIVED);
      double exactVar = NoiseIntervals.variance(sigma);
      ReleaseStore store = new ReleaseStore(db);
      for (String cell : List.of("p0", "p1")) {
        long truth = cell.equals("p0") ? 5 : 0;
        List<Long> values =
            store
                .values(
                    cell,
                    List.of(Series.LIKES_RECEIVED),
                    T0.getEpochSecond(),
                    clock.instant().getEpochSecond())
                .stream()
                .map(ReleaseStore.StoredValue::value)
                .toList();
        assertEquals(windows, values.size());
        double mean = values.stream().mapToLong(Long::longValue).average().orElseThrow();
        double var =
            values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum() / (windows - 1);
        assertTrue(
            Math.abs(mean - truth) < 6 * Math.sqrt(exactVar / windows), cell + " mean " + mean);
        assertTrue(
            Math.abs(var - exactVar) < 6 * exactVar * Math.sqrt(2.0 / (windows - 1)),
            cell + " variance " + var + " vs " + exactVar);
      }
    }
  }

  @Test
  void intervalsComeFromTheExactDistribution() {
    for (double sigma : new double[] {1, 3.16, 8.16, 14.1, 31.6}) {
      assertEquals(
          DP.accuracy(sigma, 0.05) - 1,
          NoiseIntervals.halfWidthOfSum(List.of(sigma)),
          "σ " + sigma);
    }
    long one = NoiseIntervals.halfWidthOfSum(List.of(8.0));
    long two = NoiseIntervals.halfWidthOfSum(List.of(8.0, 8.0));
    // The sum of two is close to N_Z(0, 2σ²): its interval is about √2 times as wide.
    assertTrue(Math.abs(two - one * Math.sqrt(2)) <= 1.5, one + " and " + two);
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void concurrentReleasesNeverSpendMoreThanTheBudget(String kind) throws Exception {
    // Room for two of the four creator series only.
    PrivacyPolicy policy = PrivacyPolicy.defaults().withBudget(Scope.CREATORS, 150_000);
    try (Database db = database(kind)) {
      ReleaseStore store = new ReleaseStore(db);
      long window = T0.getEpochSecond();
      int instances = 12;
      ExecutorService pool = Executors.newFixedThreadPool(instances);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<List<ReleaseStore.Outcome>>> results = new ArrayList<>();
      for (int i = 0; i < instances; i++) {
        String instance = "instance-" + i;
        results.add(
            pool.submit(
                () -> {
                  List<Series> order = new ArrayList<>(Series.of(Scope.CREATORS));
                  Collections.shuffle(order);
                  go.await();
                  List<ReleaseStore.Outcome> out = new ArrayList<>();
                  for (Series s : order) {
                    out.add(
                        store.release(
                            window,
                            s,
                            instance,
                            policy.scale(s),
                            policy.microRho().get(s),
                            policy.budget(Scope.CREATORS),
                            CELLS,
                            DP.noisyCounts(policy.scale(s), new long[CELLS.size()])));
                  }
                  return out;
                }));
      }
      go.countDown();
      for (Future<List<ReleaseStore.Outcome>> f : results) {
        assertEquals(4, f.get().size());
      }
      pool.shutdown();
      ReleaseStore.Budget b = store.budgets(Scope.CREATORS, window, window).get(0);
      assertEquals(150_000, b.spentMicro(), "exactly the two series that fit were paid for");
      assertTrue(b.spentMicro() <= b.budgetMicro());
      assertEquals(2, count(db, "SELECT COUNT(*) FROM dp_charges"));
      long releasedSeries = count(db, "SELECT COUNT(DISTINCT series) FROM dp_releases");
      assertEquals(2, releasedSeries, "refused series stored nothing");
      assertEquals(
          2L * instances,
          count(db, "SELECT COUNT(*) FROM dp_releases"),
          "every instance's partial of a paid series is stored once");
      assertEquals(2L * instances * CELLS.size(), count(db, "SELECT COUNT(*) FROM dp_values"));
    }
  }

  @Test
  void theSameInstanceReleasesASeriesOnceUnderConcurrency() throws Exception {
    try (Database db = h2()) {
      ReleaseStore store = new ReleaseStore(db);
      Series s = Series.LIKES_RECEIVED;
      ExecutorService pool = Executors.newFixedThreadPool(8);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<ReleaseStore.Outcome>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        results.add(
            pool.submit(
                () -> {
                  go.await();
                  return store.release(
                      100,
                      s,
                      "one",
                      8,
                      75_000,
                      300_000,
                      CELLS,
                      DP.noisyCounts(8, new long[CELLS.size()]));
                }));
      }
      go.countDown();
      int released = 0;
      for (Future<ReleaseStore.Outcome> f : results) {
        if (f.get() == ReleaseStore.Outcome.RELEASED) {
          released++;
        } else {
          assertEquals(ReleaseStore.Outcome.ALREADY_RELEASED, f.get());
        }
      }
      pool.shutdown();
      assertEquals(1, released);
      assertEquals(75_000, store.budgets(Scope.CREATORS, 100, 100).get(0).spentMicro());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void twoInstancesOnOneDatabaseShareOneChargeAndReServeTheStoredRelease(String kind)
      throws Exception {
    ManualClock clock = new ManualClock(T0);
    PrivacyPolicy policy = PrivacyPolicy.defaults();
    try (Database db = database(kind);
        AnalyticsService a = service(db, clock, policy);
        AnalyticsService b = service(db, clock, policy)) {
      for (long v = 1; v <= 6; v++) {
        (v % 2 == 0 ? a : b).liked(v, "p3");
        (v % 2 == 0 ? a : b).feedServed(v, CELLS.subList(0, 20));
      }
      clock.advance(WINDOW);
      ExecutorService pool = Executors.newFixedThreadPool(2);
      Future<?> fa = pool.submit(a::tick);
      Future<?> fb = pool.submit(b::tick);
      fa.get();
      fb.get();
      pool.shutdown();
      AnalyticsReport first = a.creator("p3");
      SeriesReport likes =
          first.series().stream()
              .filter(s -> s.series() == Series.LIKES_RECEIVED)
              .findFirst()
              .orElseThrow();
      Release r = likes.latestClosed();
      assertEquals(ReleaseStatus.RELEASED, r.status());
      assertEquals(2, r.partials(), "one partial per instance");
      assertEquals(
          NoiseIntervals.halfWidthOfSum(List.of(likes.scale(), likes.scale())), r.halfWidth());
      assertEquals(policy.budget(Scope.CREATORS) / 1e6, first.budget().spent(), 1e-12);
      assertEquals(0, first.budget().left(), 1e-12);
      for (Scope scope : Scope.values()) {
        long w = T0.getEpochSecond();
        ReleaseStore.Budget budget = new ReleaseStore(db).budgets(scope, w, w).get(0);
        assertEquals(budget.budgetMicro(), budget.spentMicro(), scope + " paid once per series");
      }
      // Re-querying, from either instance and after more ticks, serves the stored release.
      a.tick();
      b.tick();
      assertEquals(first, a.creator("p3"));
      assertEquals(first.series(), b.creator("p3").series());
      assertEquals(a.dashboard().series(), b.dashboard().series());
    }
  }

  @Test
  void anInstanceCountsOnlyWindowsItSawBegin() {
    ManualClock clock = new ManualClock(T0.plusSeconds(4));
    try (Database db = h2();
        AnalyticsService a = service(db, clock, PrivacyPolicy.defaults())) {
      a.liked(1, "p0");
      clock.advance(WINDOW);
      a.tick();
      Release first = latest(a.creator("p0"), Series.LIKES_RECEIVED);
      assertEquals(ReleaseStatus.NOT_COUNTED, first.status());
      assertNull(first.value());
      clock.advance(WINDOW);
      a.tick();
      assertEquals(
          ReleaseStatus.RELEASED,
          latest(a.creator("p0"), Series.LIKES_RECEIVED).status(),
          "a window with no activity is released too (with noise)");
    }
  }

  @Test
  void aSeriesTheBudgetCannotPayForShowsAsSpentAndTheOpenWindowAsOpen() {
    ManualClock clock = new ManualClock(T0);
    PrivacyPolicy policy = PrivacyPolicy.defaults().withBudget(Scope.DASHBOARD, 50_000);
    try (Database db = h2();
        AnalyticsService a = service(db, clock, policy)) {
      a.feedServed(1, CELLS.subList(0, 20));
      clock.advance(WINDOW);
      a.tick();
      AnalyticsReport report = a.dashboard();
      Map<ReleaseStatus, Long> statuses = new java.util.EnumMap<>(ReleaseStatus.class);
      for (SeriesReport s : report.series()) {
        statuses.merge(s.latestClosed().status(), 1L, Long::sum);
        assertEquals(ReleaseStatus.OPEN, s.releases().get(s.releases().size() - 1).status());
        assertNotNull(s.releases().get(0).start());
      }
      assertEquals(Map.of(ReleaseStatus.RELEASED, 1L, ReleaseStatus.BUDGET_SPENT, 4L), statuses);
      assertEquals(0.05, report.budget().spent(), 1e-12);
      assertEquals(0, report.budget().left(), 1e-12);
    }
  }

  private static Release latest(AnalyticsReport report, Series series) {
    return report.series().stream()
        .filter(s -> s.series() == series)
        .findFirst()
        .orElseThrow()
        .latestClosed();
  }

  private static long count(Database db, String sql) {
    return db.withConnection(
        c -> {
          try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }
}
