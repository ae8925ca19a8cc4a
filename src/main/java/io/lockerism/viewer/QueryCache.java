package io.lockerism.viewer;

import io.lockerism.engine.HeQuery;
import io.lockerism.interest.ViewerInterest;
import io.lockerism.locker.Vault;
import io.lockerism.model.Snapshot;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Viewers' queries, kept for their next feeds while their Enc(u) and the snapshot stay the same.
 * Building a query is most of a small catalog's feed (2.6 of 3.3 ms at 1,000 profiles). Reuse is
 * for an in-process evaluator only: a remote one given the same query twice could link the two
 * feeds to one viewer (docs/he-engine.md, "Decisions"), so for it the cache holds nothing.
 *
 * <p>One entry per unlocked vault, checked against the exact Enc(u) bytes it was built from (a like
 * writes new ones). Bounded by the queries' engine memory, least recently used out first; a query
 * in use when pushed out is closed by its last user.
 */
public final class QueryCache {

  private final long maxBytes;
  private final Map<Vault, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
  private long bytes;

  /** A cache of at most {@code maxBytes} of queries; 0 keeps none (every feed builds its own). */
  public QueryCache(long maxBytes) {
    if (maxBytes < 0) {
      throw new IllegalArgumentException("the query cache bound must not be negative");
    }
    this.maxBytes = maxBytes;
  }

  /** A query for {@code interest} in {@code vault}: a kept one when it was built from the same. */
  Lease lease(Vault vault, ViewerInterest interest) {
    Snapshot snapshot = interest.snapshot();
    synchronized (this) {
      Entry kept = entries.get(vault);
      if (kept != null && kept.builtFrom(snapshot.id(), interest.storedInterest())) {
        kept.users++;
        return new Lease(kept);
      }
    }
    Entry fresh =
        new Entry(
            snapshot.id(),
            interest.storedInterest(),
            vault.query(interest.interest(), snapshot.size(), snapshot.d()));
    fresh.users = 1;
    synchronized (this) {
      if (fresh.query.memoryBytes() <= maxBytes) {
        keep(vault, fresh);
      } else {
        fresh.retired = true;
      }
    }
    return new Lease(fresh);
  }

  /** Queries kept, and the engine memory they hold. */
  synchronized Stats stats() {
    return new Stats(entries.size(), bytes);
  }

  record Stats(int queries, long bytes) {}

  private void keep(Vault vault, Entry fresh) {
    Entry replaced = entries.put(vault, fresh);
    if (replaced != null) {
      retire(replaced);
    }
    bytes += fresh.query.memoryBytes();
    Iterator<Map.Entry<Vault, Entry>> eldestFirst = entries.entrySet().iterator();
    while (eldestFirst.hasNext()) {
      Map.Entry<Vault, Entry> e = eldestFirst.next();
      // A logged-out viewer's query is of no further use; past the bound, the least recent go.
      if (e.getKey().isClosed() || (bytes > maxBytes && e.getValue() != fresh)) {
        eldestFirst.remove();
        retire(e.getValue());
      }
    }
  }

  private void retire(Entry e) {
    bytes -= e.query.memoryBytes();
    e.retired = true;
    if (e.users == 0) {
      e.query.close();
    }
  }

  private synchronized void release(Entry e) {
    e.users--;
    if (e.retired && e.users == 0) {
      e.query.close();
    }
  }

  /** A query in use; closing it gives it back. */
  final class Lease implements AutoCloseable {
    private final Entry entry;
    private boolean closed;

    private Lease(Entry entry) {
      this.entry = entry;
    }

    HeQuery query() {
      return entry.query;
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        release(entry);
      }
    }
  }

  private static final class Entry {
    final String snapshotId;
    final byte[] storedInterest;
    final HeQuery query;
    int users;
    boolean retired;

    Entry(String snapshotId, byte[] storedInterest, HeQuery query) {
      this.snapshotId = snapshotId;
      this.storedInterest = storedInterest;
      this.query = query;
    }

    boolean builtFrom(String snapshot, byte[] interest) {
      return snapshotId.equals(snapshot) && Arrays.equals(storedInterest, interest);
    }
  }
}
