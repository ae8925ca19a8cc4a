package io.lockerism.snapshot;

/** Where a background snapshot build stands, for the operator's progress bar. */
public record BuildProgress(State state, double fraction, String snapshotId, String error) {

  public enum State {
    IDLE,
    RUNNING,
    DONE,
    FAILED
  }

  static BuildProgress idle() {
    return new BuildProgress(State.IDLE, 0, null, null);
  }

  static BuildProgress started() {
    return new BuildProgress(State.RUNNING, 0, null, null);
  }

  static BuildProgress at(double fraction) {
    return new BuildProgress(State.RUNNING, fraction, null, null);
  }

  static BuildProgress done(String snapshotId) {
    return new BuildProgress(State.DONE, 1, snapshotId, null);
  }

  static BuildProgress failed(String error) {
    return new BuildProgress(State.FAILED, 0, null, error);
  }

  public boolean running() {
    return state == State.RUNNING;
  }

  public int percent() {
    return (int) Math.round(fraction * 100);
  }
}
