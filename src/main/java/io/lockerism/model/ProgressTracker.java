package io.lockerism.model;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts work steps done by any number of threads and tells a {@link ProgressListener} about every
 * whole percent, one call at a time and never going back.
 */
final class ProgressTracker {

  private final ProgressListener listener;
  private final long totalSteps;
  private final AtomicLong done = new AtomicLong();
  private double lastReported = -1;

  ProgressTracker(ProgressListener listener, long totalSteps) {
    this.listener = listener;
    this.totalSteps = Math.max(1, totalSteps);
  }

  void step() {
    long now = done.incrementAndGet();
    if (now * 100 / totalSteps != (now - 1) * 100 / totalSteps) {
      report(Math.min(1.0, (double) now / totalSteps));
    }
  }

  void finish() {
    report(1.0);
  }

  private synchronized void report(double fraction) {
    if (fraction > lastReported) {
      lastReported = fraction;
      listener.progress(fraction);
    }
  }
}
