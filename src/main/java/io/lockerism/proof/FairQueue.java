package io.lockerism.proof;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Proof tasks waiting for the prover, bounded and taken in turn across viewers: a viewer with many
 * proofs waiting gets one run, then goes behind everyone else who is waiting, so one busy viewer
 * never starves another. A viewer has at most one task running, and at most {@code perViewer}
 * unfinished (running or waiting); at most {@code maxQueued} wait in all.
 */
final class FairQueue<T> {

  /** A task taken to run, and whose it is. */
  record Taken<T>(long viewer, T task) {}

  private final int perViewer;
  private final int maxQueued;
  private final Map<Long, ArrayDeque<T>> pending = new HashMap<>();

  /** Viewers with a task waiting and none running, in turn order. */
  private final LinkedHashSet<Long> ready = new LinkedHashSet<>();

  private final Set<Long> running = new HashSet<>();
  private final Map<Long, Integer> unfinished = new HashMap<>();
  private int queued;

  FairQueue(int perViewer, int maxQueued) {
    this.perViewer = perViewer;
    this.maxQueued = maxQueued;
  }

  /** Queues a task, or throws {@link ProofLimitException} when a bound is reached. */
  synchronized void add(long viewer, T task) {
    if (unfinished.getOrDefault(viewer, 0) >= perViewer) {
      throw new ProofLimitException(
          ProofLimitException.Reason.VIEWER_LIMIT,
          "You already have "
              + perViewer
              + " proofs running or waiting. Wait for one to finish, then start another.");
    }
    if (queued >= maxQueued) {
      throw new ProofLimitException(
          ProofLimitException.Reason.QUEUE_FULL,
          "The prover is busy"
              + " with other viewers' proofs right now. Please try again in a minute.");
    }
    pending.computeIfAbsent(viewer, v -> new ArrayDeque<>()).add(task);
    unfinished.merge(viewer, 1, Integer::sum);
    queued++;
    if (!running.contains(viewer)) {
      ready.add(viewer);
    }
  }

  /** The next task in turn; its viewer waits for {@link #done} before their next one. */
  synchronized Taken<T> take() {
    Iterator<Long> turn = ready.iterator();
    long viewer = turn.next(); // one take per add, so a task is waiting
    turn.remove();
    ArrayDeque<T> tasks = pending.get(viewer);
    T task = tasks.poll();
    if (tasks.isEmpty()) {
      pending.remove(viewer);
    }
    queued--;
    running.add(viewer);
    return new Taken<>(viewer, task);
  }

  /** The viewer's running task finished; their next one (if any) joins the end of the turn. */
  synchronized void done(long viewer) {
    running.remove(viewer);
    unfinished.computeIfPresent(viewer, (v, n) -> n == 1 ? null : n - 1);
    if (pending.containsKey(viewer)) {
      ready.add(viewer);
    }
  }

  synchronized int queued() {
    return queued;
  }
}
