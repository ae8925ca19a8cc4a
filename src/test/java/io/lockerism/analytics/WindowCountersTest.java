package io.lockerism.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Contribution bounding: whatever one viewer does in a window, the counts the mechanism sees change
 * by at most the documented bound, per profile and in total.
 */
class WindowCountersTest {

  private static final List<String> CATALOG = catalog(600);

  private static List<String> catalog(int n) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add("acct-" + i);
    }
    return ids;
  }

  /** Some ordinary activity by other viewers, so the heavy viewer is compared on top of it. */
  private static WindowCounters withCrowd() {
    WindowCounters c = new WindowCounters(0);
    Random r = new Random(7);
    for (long v = 1; v <= 40; v++) {
      List<String> feed = new ArrayList<>(CATALOG.subList(r.nextInt(500), 600));
      c.feedServed(v, feed.subList(0, 20));
      c.liked(v, CATALOG.get(r.nextInt(600)));
      if (v % 5 == 0) {
        c.unliked(v, CATALOG.get(r.nextInt(600)));
        c.proofMade(v);
      }
    }
    return c;
  }

  private static void assertBounded(WindowCounters without, WindowCounters with) {
    for (Series s : Series.values()) {
      List<String> cells = s.scope() == Scope.CREATORS ? CATALOG : List.of("");
      long[] a = counts(without, s, cells);
      long[] b = counts(with, s, cells);
      long total = 0;
      for (int i = 0; i < a.length; i++) {
        long d = Math.abs(b[i] - a[i]);
        assertTrue(d <= s.cellBound(), s + " moved one count by " + d);
        total += d;
      }
      assertTrue(total <= s.totalBound(), s + " moved all counts by " + total);
    }
  }

  @Test
  void aViewerWhoLikes500ProfilesMovesNoCountPastTheBound() {
    WindowCounters without = withCrowd();
    WindowCounters with = withCrowd();
    for (int i = 0; i < 500; i++) {
      with.liked(9_999, CATALOG.get(i));
      with.unliked(9_999, CATALOG.get(i));
      with.liked(9_999, CATALOG.get(i));
    }
    assertBounded(without, with);
    assertEquals(
        Series.LIKES_RECEIVED.totalBound(),
        sum(counts(with, Series.LIKES_RECEIVED, CATALOG))
            - sum(counts(without, Series.LIKES_RECEIVED, CATALOG)),
        "the first likes up to the bound do count");
  }

  @Test
  void aViewerWhoRequests1000FeedsMovesNoCountPastTheBound() {
    WindowCounters without = withCrowd();
    WindowCounters with = withCrowd();
    Random r = new Random(11);
    List<String> shuffled = new ArrayList<>(CATALOG);
    for (int i = 0; i < 1_000; i++) {
      Collections.shuffle(shuffled, r);
      with.feedServed(9_999, shuffled.subList(0, 100)); // the API allows k up to 100
    }
    for (int i = 0; i < 50; i++) {
      with.proofMade(9_999);
      with.proofPublished("0xwallet");
    }
    assertBounded(without, with);
    assertEquals(
        1,
        counts(with, Series.ACTIVE_VIEWERS, List.of(""))[0]
            - counts(without, Series.ACTIVE_VIEWERS, List.of(""))[0]);
    assertEquals(
        Series.FEEDS_SERVED.totalBound(),
        counts(with, Series.FEEDS_SERVED, List.of(""))[0]
            - counts(without, Series.FEEDS_SERVED, List.of(""))[0]);
  }

  @Test
  void theSameFeedTwiceCountsAProfileOnce() {
    WindowCounters c = new WindowCounters(0);
    List<String> feed = CATALOG.subList(0, 20);
    c.feedServed(1, feed);
    c.feedServed(1, feed);
    c.feedServed(2, feed);
    assertEquals(2, counts(c, Series.APPEARANCES, CATALOG)[0]);
    assertEquals(2, counts(c, Series.TOP5, CATALOG)[4]);
    assertEquals(0, counts(c, Series.TOP5, CATALOG)[5], "rank 6 is not top 5");
    assertEquals(3, counts(c, Series.FEEDS_SERVED, List.of(""))[0]);
    assertEquals(2, counts(c, Series.ACTIVE_VIEWERS, List.of(""))[0]);
  }

  @Test
  void clearingForgetsEverything() {
    WindowCounters c = withCrowd();
    c.clear();
    for (Series s : Series.values()) {
      assertEquals(0, sum(counts(c, s, s.scope() == Scope.CREATORS ? CATALOG : List.of(""))));
    }
  }

  @Test
  void sensitivityBoundsAreWhatTheMechanismIsCalibratedTo() {
    assertEquals(Math.sqrt(30), Series.APPEARANCES.l2Sensitivity(), 1e-12);
    assertEquals(1, Series.ACTIVE_VIEWERS.l2Sensitivity(), 1e-12);
    PrivacyPolicy p = PrivacyPolicy.defaults();
    for (Series s : Series.values()) {
      double sigma = p.scale(s);
      assertEquals(p.rho(s), Math.pow(s.l2Sensitivity() / sigma, 2) / 2, 1e-12);
    }
    assertEquals(0.50, p.rhoPerViewerWindow(), 1e-12, "published proofs are public on the chain");
    assertEquals(5, p.windowsPerViewer(), "ρ 2.5 for life, ρ 0.5 per counted window");
  }

  /** The counts once every viewer of the window is admitted (none has spent their budget). */
  private static long[] counts(WindowCounters c, Series s, List<String> cells) {
    for (long v : c.undecided()) {
      c.decide(v, true);
    }
    return c.counts(s, cells);
  }

  @Test
  void aViewerLeftOutOfTheWindowMovesNoCount() {
    WindowCounters without = withCrowd();
    WindowCounters with = withCrowd();
    for (int i = 0; i < 10; i++) {
      with.liked(9_999, CATALOG.get(i));
      with.feedServed(9_999, CATALOG.subList(i, i + 20));
    }
    with.proofMade(9_999);
    with.decide(9_999, false); // their lifetime budget is spent
    for (Series s : Series.values()) {
      List<String> cells = s.scope() == Scope.CREATORS ? CATALOG : List.of("");
      assertEquals(
          java.util.Arrays.toString(counts(without, s, cells)),
          java.util.Arrays.toString(counts(with, s, cells)),
          s.storedName());
    }
  }

  private static long sum(long[] v) {
    long s = 0;
    for (long x : v) {
      s += x;
    }
    return s;
  }
}
