package io.lockerism.proof;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Which finished proof jobs are kept: each viewer's newest {@code perViewer}, none finished longer
 * than {@code maxAge} ago. So the job table is bounded by the number of viewers, not by how many
 * proofs they ever made.
 */
final class Retention {

  private record Finished(String id, Instant at) {}

  private final int perViewer;
  private final Duration maxAge;
  private final Map<Long, ArrayDeque<Finished>> byViewer = new HashMap<>();

  Retention(int perViewer, Duration maxAge) {
    this.perViewer = perViewer;
    this.maxAge = maxAge;
  }

  /** Records a finished job; returns the ids of the viewer's jobs beyond the newest kept. */
  synchronized List<String> finished(long viewer, String id, Instant at) {
    ArrayDeque<Finished> list = byViewer.computeIfAbsent(viewer, v -> new ArrayDeque<>());
    list.addLast(new Finished(id, at));
    List<String> drop = new ArrayList<>();
    while (list.size() > perViewer) {
      drop.add(list.removeFirst().id());
    }
    return drop;
  }

  /** The viewer's kept finished jobs, newest first. */
  synchronized List<String> newestFirst(long viewer) {
    ArrayDeque<Finished> list = byViewer.get(viewer);
    List<String> ids = new ArrayList<>();
    if (list != null) {
      list.descendingIterator().forEachRemaining(f -> ids.add(f.id()));
    }
    return ids;
  }

  /** Forgets and returns the ids of jobs that finished more than {@code maxAge} before now. */
  synchronized List<String> expired(Instant now) {
    Instant cutoff = now.minus(maxAge);
    List<String> drop = new ArrayList<>();
    Iterator<ArrayDeque<Finished>> viewers = byViewer.values().iterator();
    while (viewers.hasNext()) {
      ArrayDeque<Finished> list = viewers.next();
      while (!list.isEmpty() && list.peekFirst().at().isBefore(cutoff)) {
        drop.add(list.removeFirst().id());
      }
      if (list.isEmpty()) {
        viewers.remove();
      }
    }
    return drop;
  }
}
