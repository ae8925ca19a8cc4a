package io.lockerism.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockerism.engine.DpNoise;
import io.lockerism.store.Database;
import io.lockerism.testing.PostgresTestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The attack on the lifetime budget: a viewer who keeps using the app window after window, on two
 * instances that share one database (H2 and PostgreSQL), must stop moving the released counts once
 * their budget is spent, be counted once per window however many instances saw them, and never be
 * charged past the bound, even when instances charge them at the same moment.
 */
class ViewerLifetimeBudgetTest {

  private static final Duration WINDOW = Duration.ofSeconds(10);
  private static final Instant T0 = Instant.ofEpochSecond(1_700_000_000L / 10 * 10);
  private static final List<String> CELLS = List.of("p0", "p1", "p2", "p3", "p4");
  private static final DpNoise DP = DpNoise.load();

  /**
   * ρ = 2,000 per series: σ ≤ 0.16 for every series, so a released value differs from the true
   * count with probability below 10⁻⁸ (P(|Z| ≥ 1) ≈ 2·e^(−1/(2σ²))). The released values then show
   * exactly whom the real release path counted. Room for 3 counted windows per viewer.
   */
  private static PrivacyPolicy transparent() {
    Map<Series, Long> rho = new EnumMap<>(Series.class);
    for (Series s : Series.values()) {
      rho.put(s, 2_000L * PrivacyPolicy.MICRO);
    }
    return PrivacyPolicy.withRho(rho).withViewerWindows(3);
  }

  /** An instance's own connection pool (small: twelve of them share one PostgreSQL). */
  private static Database open(String kind, String h2Name) {
    if (kind.equals("postgres")) {
      return Database.open(
          PostgresTestDatabase.url(),
          PostgresTestDatabase.user(),
          PostgresTestDatabase.password(),
          2);
    }
    return Database.open("jdbc:h2:mem:" + h2Name + ";DB_CLOSE_DELAY=-1", "sa", "", 2);
  }

  private static void reset(String kind) {
    if (kind.equals("postgres")) {
      PostgresTestDatabase.reset();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void aViewerActiveInMoreWindowsThanTheBudgetAllowsStopsMovingTheCounts(String kind)
      throws Exception {
    reset(kind);
    String name = "budget-" + UUID.randomUUID();
    ManualClock clock = new ManualClock(T0);
    PrivacyPolicy policy = transparent();
    // Two instances, each with its own connection pool, on one database.
    try (Database dbA = open(kind, name);
        Database dbB = open(kind, name);
        AnalyticsService a = new AnalyticsService(dbA, DP, policy, WINDOW, clock, () -> CELLS);
        AnalyticsService b = new AnalyticsService(dbB, DP, policy, WINDOW, clock, () -> CELLS)) {
      int windows = 6;
      for (int w = 0; w < windows; w++) {
        // The heavy viewer likes p0 in every window, alternating instances; in window 1 they are
        // on both instances at once.
        (w % 2 == 0 ? a : b).liked(1, "p0");
        if (w == 1) {
          a.liked(1, "p0");
        }
        // Another viewer starts in window 3 and still counts.
        if (w >= 3) {
          a.liked(2, "p1");
        }
        clock.advance(WINDOW);
        tickBoth(a, b);
      }
      List<Long> heavy = values(a.creator("p0"), Series.LIKES_RECEIVED, windows);
      assertEquals(List.of(1L, 1L, 1L, 0L, 0L, 0L), heavy, "counted in 3 windows, then never");
      List<Long> other = values(b.creator("p1"), Series.LIKES_RECEIVED, windows);
      assertEquals(List.of(0L, 0L, 0L, 1L, 1L, 1L), other, "the bound is per viewer");
      List<Long> active = values(a.dashboard(), Series.ACTIVE_VIEWERS, windows);
      assertEquals(
          List.of(1L, 1L, 1L, 1L, 1L, 1L),
          active,
          "window 1 counts the viewer once although both instances saw them");
      LifetimeBudget heavyBudget = a.viewer(1);
      assertEquals(3, heavyBudget.windowsSoFar());
      assertTrue(heavyBudget.spent());
      assertEquals(heavyBudget, b.viewer(1), "one ledger for both instances");
      assertEquals(3, a.viewer(2).windowsSoFar());
      assertFalse(a.viewer(3).spent(), "a viewer never seen has spent nothing");
      assertEquals(0, a.viewer(3).windowsSoFar());
      assertEquals(
          policy.viewerLifetimeMicroRho(),
          new ViewerBudgets(dbA).spent(1).microRho(),
          "charged exactly the bound, never more");
    }
  }

  /** Both instances close the window at the same moment, as they would in production. */
  private static void tickBoth(AnalyticsService a, AnalyticsService b) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<?> fa = pool.submit(a::tick);
      Future<?> fb = pool.submit(b::tick);
      fa.get();
      fb.get();
    } finally {
      pool.shutdown();
    }
  }

  /** The released values of the first {@code windows} windows (the sum of both partials). */
  private static List<Long> values(AnalyticsReport report, Series series, int windows) {
    SeriesReport s =
        report.series().stream().filter(r -> r.series() == series).findFirst().orElseThrow();
    List<Long> out = new ArrayList<>();
    for (Release r : s.releases()) {
      if (!r.start().isBefore(T0) && out.size() < windows) {
        assertEquals(ReleaseStatus.RELEASED, r.status(), r.start().toString());
        out.add(r.value());
      }
    }
    assertEquals(windows, out.size());
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void instancesChargingOneViewerAtOnceCannotOverspendTheBudget(String kind) throws Exception {
    reset(kind);
    String name = "budget-race-" + UUID.randomUUID();
    PrivacyPolicy policy = PrivacyPolicy.defaults();
    long perWindow = policy.viewerMicroRhoPerWindow();
    int instances = 12;
    List<Database> dbs = new ArrayList<>();
    try {
      for (int i = 0; i < instances; i++) {
        dbs.add(open(kind, name));
      }
      // Viewer 42: each instance charges a different window at once; the budget fits 5.
      AtomicInteger admitted42 = new AtomicInteger();
      // Viewer 43: every instance charges the same window at once; they are counted once.
      AtomicInteger admitted43 = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(instances);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < instances; i++) {
        ViewerBudgets budgets = new ViewerBudgets(dbs.get(i));
        long window = 1_000L + 10L * i;
        done.add(
            pool.submit(
                () -> {
                  go.await();
                  budgets.charge(
                      List.of(42L),
                      window,
                      perWindow,
                      policy.viewerLifetimeMicroRho(),
                      (viewer, ok) -> {
                        if (ok) {
                          admitted42.incrementAndGet();
                        }
                      });
                  budgets.charge(
                      List.of(43L),
                      5_000L,
                      perWindow,
                      policy.viewerLifetimeMicroRho(),
                      (viewer, ok) -> {
                        if (ok) {
                          admitted43.incrementAndGet();
                        }
                      });
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> f : done) {
        f.get();
      }
      pool.shutdown();
      ViewerBudgets budgets = new ViewerBudgets(dbs.get(0));
      assertEquals(5, policy.windowsPerViewer());
      assertEquals(5, admitted42.get(), "exactly as many windows as the budget pays for");
      assertEquals(5 * perWindow, budgets.spent(42).microRho());
      assertEquals(1, admitted43.get(), "twelve instances, one window: counted once");
      assertEquals(perWindow, budgets.spent(43).microRho());
    } finally {
      for (Database db : dbs) {
        db.close();
      }
    }
  }
}
