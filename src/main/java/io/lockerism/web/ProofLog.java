package io.lockerism.web;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The proof ids each account started, newest first, so "Your proofs" can link back to them after a
 * reload or a new log-in. The jobs themselves stay with the proof service, which decides what still
 * exists; this only remembers ids. Bounded per account and in accounts (least recently used leave
 * first); kept in memory, so a restart forgets it.
 */
final class ProofLog {

  static final int MAX_PER_ACCOUNT = 10;
  static final int MAX_ACCOUNTS = 10_000;

  private final Map<Long, Deque<String>> byAccount =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Deque<String>> eldest) {
          return size() > MAX_ACCOUNTS;
        }
      };

  synchronized void add(long accountId, String jobId) {
    Deque<String> ids = byAccount.computeIfAbsent(accountId, a -> new ArrayDeque<>());
    ids.remove(jobId);
    ids.addFirst(jobId);
    while (ids.size() > MAX_PER_ACCOUNT) {
      ids.removeLast();
    }
  }

  synchronized List<String> of(long accountId) {
    Deque<String> ids = byAccount.get(accountId);
    return ids == null ? List.of() : List.copyOf(ids);
  }
}
