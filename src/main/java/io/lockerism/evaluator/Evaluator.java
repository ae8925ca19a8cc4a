package io.lockerism.evaluator;

import io.lockerism.engine.HeQuery;
import io.lockerism.engine.HeReply;
import io.lockerism.model.Snapshot;

/**
 * Scores a viewer's encrypted query against a public snapshot: Enc(s) = M·u + w·b. An evaluator
 * sees the query, public data and nothing else; it cannot decrypt.
 */
public interface Evaluator extends AutoCloseable {

  /**
   * Streams the encrypted scores to {@code sink} as replies covering consecutive ranges of blocks,
   * in order. The sink owns each reply it is given and closes it when done (a feed keeps them all
   * for one top-k call: ~7.5–30 bytes per score, 7.5 MB at a million profiles).
   */
  void score(Snapshot snapshot, HeQuery query, ReplySink sink);

  /**
   * Whether the scoring happens in this process. Only then may a viewer's query serve several
   * feeds: a remote evaluator given one query twice could link the two feeds to one viewer and see
   * when their likes change (docs/he-engine.md, "Decisions").
   */
  boolean inProcess();

  @Override
  void close();

  /** Receives one reply: the scores of profiles {@code firstRow .. firstRow+rows-1}. */
  @FunctionalInterface
  interface ReplySink {
    void accept(int firstRow, int rows, HeReply reply);
  }
}
