package io.lockerism.analytics;

import io.lockerism.engine.DpNoise;
import io.lockerism.store.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Differentially private statistics (docs/privacy.md). Counts viewers' activity in memory for the
 * current release window, bounded per viewer; when the window ends, adds discrete Gaussian noise
 * (OpenDP) to every count, stores only the noisy values with their budget charge, and forgets the
 * true counts. Before a window is released, each viewer in it is charged against their lifetime
 * budget, shared by all instances; a viewer whose budget is spent is left out of every count. An
 * instance counts a window only if it was running when the window began, so a restart can never let
 * a viewer contribute twice to one window.
 */
public final class AnalyticsService implements ActivityRecorder, AutoCloseable {

  /** Windows shown in a chart, the open one included. */
  public static final int WINDOWS_SHOWN = 14;

  private static final Logger LOG = LoggerFactory.getLogger(AnalyticsService.class);

  private final ReleaseStore store;
  private final ViewerBudgets viewerBudgets;
  private final DpNoise noise;
  private final NoiseIntervals intervals;
  private final PrivacyPolicy policy;
  private final long windowSeconds;
  private final Clock clock;
  private final Supplier<List<String>> catalogCells;
  private final String instanceId = UUID.randomUUID().toString();
  private final long countsFrom;
  private final Instant startedAt;
  private final ConcurrentLinkedQueue<WindowCounters> toRelease = new ConcurrentLinkedQueue<>();
  private final ScheduledExecutorService releaser;
  private WindowCounters counters;

  /**
   * @param window the release window (one day in production)
   * @param catalogCells the account ids creator series are released for: every profile
   */
  public AnalyticsService(
      Database db,
      DpNoise noise,
      PrivacyPolicy policy,
      Duration window,
      Clock clock,
      Supplier<List<String>> catalogCells) {
    if (window.toSeconds() < 1) {
      throw new IllegalArgumentException("the release window must be at least one second");
    }
    this.store = new ReleaseStore(db);
    this.viewerBudgets = new ViewerBudgets(db);
    this.noise = noise;
    this.intervals = new NoiseIntervals(noise);
    this.policy = policy;
    this.windowSeconds = window.toSeconds();
    this.clock = clock;
    this.catalogCells = catalogCells;
    this.startedAt = clock.instant();
    long now = startedAt.getEpochSecond();
    long start = windowOf(now);
    this.countsFrom = start == now ? start : start + windowSeconds;
    this.releaser =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "dp-releaser");
              t.setDaemon(true);
              return t;
            });
  }

  /** Starts rolling windows over and releasing them; ticks often enough for short windows. */
  public AnalyticsService start() {
    long tickMillis = Math.min(1000, windowSeconds * 250);
    releaser.scheduleAtFixedRate(this::tick, 0, tickMillis, TimeUnit.MILLISECONDS);
    return this;
  }

  public Duration window() {
    return Duration.ofSeconds(windowSeconds);
  }

  public Instant startedAt() {
    return startedAt;
  }

  public PrivacyPolicy policy() {
    return policy;
  }

  // ActivityRecorder: in memory only, never blocking on I/O.

  @Override
  public void feedServed(long viewerId, List<String> rankedAccountIds) {
    WindowCounters c = current();
    if (c != null) {
      c.feedServed(viewerId, rankedAccountIds);
    }
  }

  @Override
  public void liked(long viewerId, String accountId) {
    WindowCounters c = current();
    if (c != null) {
      c.liked(viewerId, accountId);
    }
  }

  @Override
  public void unliked(long viewerId, String accountId) {
    WindowCounters c = current();
    if (c != null) {
      c.unliked(viewerId, accountId);
    }
  }

  @Override
  public void proofMade(long viewerId) {
    WindowCounters c = current();
    if (c != null) {
      c.proofMade(viewerId);
    }
  }

  @Override
  public void proofPublished(String submitter) {
    WindowCounters c = current();
    if (c != null) {
      c.proofPublished(submitter);
    }
  }

  /**
   * The counters of the window now, rolling the previous window over to the releaser when it has
   * ended; null while this instance is not counting (it started during the window).
   */
  private synchronized WindowCounters current() {
    long w = windowOf(clock.instant().getEpochSecond());
    if (w < countsFrom) {
      return null;
    }
    if (counters == null || counters.windowStart() != w) {
      if (counters != null) {
        toRelease.add(counters);
      }
      counters = new WindowCounters(w);
    }
    return counters;
  }

  /** Rolls over an ended window even without activity, and releases ended windows. */
  void tick() {
    try {
      current();
      releasePending();
    } catch (RuntimeException e) {
      LOG.warn("Releasing differentially private statistics failed; retrying: {}", e.getMessage());
    }
  }

  private void releasePending() {
    WindowCounters ended;
    while ((ended = toRelease.peek()) != null) {
      release(ended);
      toRelease.poll();
      ended.clear();
    }
  }

  /** Noises and stores every series of an ended window; no true count survives this call. */
  private void release(WindowCounters ended) {
    admit(ended);
    List<String> cells = catalogCells.get();
    int released = 0;
    for (Series s : Series.values()) {
      List<String> ids = s.scope() == Scope.CREATORS ? cells : List.of("");
      double scale = policy.scale(s);
      checkRho(s, scale);
      long[] noisy = noise.noisyCounts(scale, ended.counts(s, ids));
      ReleaseStore.Outcome outcome =
          store.release(
              ended.windowStart(),
              s,
              instanceId,
              scale,
              policy.microRho().get(s),
              policy.budget(s.scope()),
              ids,
              noisy);
      if (outcome == ReleaseStore.Outcome.RELEASED) {
        released++;
      } else if (outcome == ReleaseStore.Outcome.BUDGET_SPENT) {
        LOG.warn(
            "Series {} of window {} was not released: its privacy budget is spent",
            s.storedName(),
            Instant.ofEpochSecond(ended.windowStart()));
      }
    }
    if (ended.overflowed()) {
      LOG.warn(
          "Window {}: more than {} viewers; the rest of the activity was not counted",
          Instant.ofEpochSecond(ended.windowStart()),
          WindowCounters.MAX_TRACKED);
    }
    LOG.info(
        "Released differentially private statistics of window {} ({} series)",
        Instant.ofEpochSecond(ended.windowStart()),
        released);
  }

  /**
   * Charges every viewer of the window against their lifetime budget; only those charged are
   * counted. Decisions are kept in the window's counters, so a retry after a failure charges nobody
   * twice.
   */
  private void admit(WindowCounters ended) {
    viewerBudgets.charge(
        ended.undecided(),
        ended.windowStart(),
        policy.viewerMicroRhoPerWindow(),
        policy.viewerLifetimeMicroRho(),
        ended::decide);
  }

  /** A viewer's own lifetime budget: in how many windows they were counted, of how many. */
  public LifetimeBudget viewer(long viewerId) {
    long spent = viewerBudgets.spent(viewerId).microRho();
    return LifetimeBudget.of(policy, spent / policy.viewerMicroRhoPerWindow());
  }

  /**
   * The most the releases so far can have cost any one viewer: a viewer is counted at most once per
   * released window, and never past the bound.
   */
  public LifetimeBudget lifetime() {
    return LifetimeBudget.of(policy, store.releasedWindows());
  }

  /** OpenDP's own privacy map must agree that this scale spends no more than planned. */
  private void checkRho(Series s, double scale) {
    double rho = noise.rho(scale, s.l2Sensitivity());
    if (rho > policy.rho(s) * (1 + 1e-9)) {
      throw new IllegalStateException(
          "scale "
              + scale
              + " of "
              + s.storedName()
              + " spends ρ "
              + rho
              + ", more than the planned "
              + policy.rho(s));
    }
  }

  /** A creator's series over the recent windows. */
  public AnalyticsReport creator(String accountId) {
    return report(Scope.CREATORS, accountId);
  }

  /** The operator's series over the recent windows. */
  public AnalyticsReport dashboard() {
    return report(Scope.DASHBOARD, "");
  }

  private AnalyticsReport report(Scope scope, String cell) {
    long now = clock.instant().getEpochSecond();
    long open = windowOf(now);
    long from = open - (WINDOWS_SHOWN - 1) * windowSeconds;
    List<Series> series = Series.of(scope);
    Map<String, List<ReleaseStore.StoredValue>> byKey = new HashMap<>();
    for (ReleaseStore.StoredValue v : store.values(cell, series, from, open)) {
      byKey.computeIfAbsent(v.windowStart() + " " + v.series(), k -> new ArrayList<>()).add(v);
    }
    Set<String> charged = store.charges(from, open);
    Map<Long, ReleaseStore.Budget> budgets = new HashMap<>();
    for (ReleaseStore.Budget b : store.budgets(scope, from, open)) {
      budgets.put(b.windowStart(), b);
    }
    List<SeriesReport> reports = new ArrayList<>();
    for (Series s : series) {
      List<Release> releases = new ArrayList<>();
      for (long w = from; w <= open; w += windowSeconds) {
        String key = w + " " + s.storedName();
        // A window this instance counted is released moments after it ends, one series after
        // the other: until a series is released, or its budget has no room left, it shows as
        // open, not as uncounted or refused.
        ReleaseStore.Budget budget = budgets.get(w);
        boolean refused =
            budget != null
                && !charged.contains(key)
                && budget.leftMicro() < policy.microRho().get(s);
        boolean pending =
            w == open
                || (w >= countsFrom && (budget == null || (!charged.contains(key) && !refused)));
        releases.add(release(w, pending, byKey.get(key), refused));
      }
      reports.add(new SeriesReport(s, policy.rho(s), policy.scale(s), releases));
    }
    // The newest window with a ledger row: what was last released and what it cost.
    long latestClosed = open - windowSeconds;
    ReleaseStore.Budget b = null;
    for (ReleaseStore.Budget candidate : budgets.values()) {
      if (candidate.windowStart() < open
          && (b == null || candidate.windowStart() > b.windowStart())) {
        b = candidate;
      }
    }
    double budget = policy.budget(scope) / (double) PrivacyPolicy.MICRO;
    BudgetView view =
        b == null
            ? new BudgetView(Instant.ofEpochSecond(latestClosed), budget, 0, false)
            : new BudgetView(
                Instant.ofEpochSecond(latestClosed),
                b.budgetMicro() / (double) PrivacyPolicy.MICRO,
                b.spentMicro() / (double) PrivacyPolicy.MICRO,
                true);
    return new AnalyticsReport(scope, window(), reports, view, lifetime());
  }

  private Release release(
      long w, boolean pending, List<ReleaseStore.StoredValue> partials, boolean refused) {
    Instant start = Instant.ofEpochSecond(w);
    Instant end = Instant.ofEpochSecond(w + windowSeconds);
    if (pending && (partials == null || partials.isEmpty())) {
      return new Release(start, end, ReleaseStatus.OPEN, null, null, 0);
    }
    if (partials == null || partials.isEmpty()) {
      return new Release(
          start,
          end,
          refused ? ReleaseStatus.BUDGET_SPENT : ReleaseStatus.NOT_COUNTED,
          null,
          null,
          0);
    }
    long sum = 0;
    List<Double> scales = new ArrayList<>();
    for (ReleaseStore.StoredValue v : partials) {
      sum = Math.addExact(sum, v.value());
      scales.add(v.scale());
    }
    return new Release(
        start, end, ReleaseStatus.RELEASED, sum, intervals.halfWidth(scales), partials.size());
  }

  private long windowOf(long epochSecond) {
    return Math.floorDiv(epochSecond, windowSeconds) * windowSeconds;
  }

  /**
   * Stops releasing. Windows that already ended are released first; the open window's counts are
   * dropped unreleased (a partial window would be a different statistic).
   */
  @Override
  public void close() {
    releaser.shutdown();
    try {
      releaser.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      if (counters != null
          && counters.windowStart() + windowSeconds <= clock.instant().getEpochSecond()) {
        toRelease.add(counters);
        counters = null;
      }
    }
    try {
      releasePending();
    } catch (RuntimeException e) {
      LOG.warn("Could not release ended windows at shutdown: {}", e.getMessage());
    }
    synchronized (this) {
      if (counters != null) {
        counters.clear();
      }
    }
  }
}
