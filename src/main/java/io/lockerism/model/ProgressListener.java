package io.lockerism.model;

/** Receives the progress of a long model operation, e.g. for an admin progress bar. */
@FunctionalInterface
public interface ProgressListener {

  /** Ignores progress. */
  ProgressListener NONE = fraction -> {};

  /**
   * Called with non-decreasing fractions in 0..1 on the thread doing the work; the last call of a
   * completed operation is 1.0. Must be cheap.
   */
  void progress(double fraction);
}
