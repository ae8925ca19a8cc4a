package io.lockerism.engine;

/**
 * A snapshot compiled for encrypted scoring. Scores come back as replies covering ranges of blocks
 * of {@link #rowsPerBlock()} consecutive profiles, so a large catalog streams through bounded
 * memory.
 */
public interface HeScoringModel extends AutoCloseable {

  int profiles();

  int features();

  int blocks();

  int rowsPerBlock();

  /** The folding factor G a query must be built with. */
  int groups();

  /** Profiles in blocks {@code [firstBlock, firstBlock + count)} (the last block may be short). */
  default int rowsIn(int firstBlock, int count) {
    return Math.min(count * rowsPerBlock(), profiles() - firstBlock * rowsPerBlock());
  }

  /**
   * Enc(M·u + w·b) for blocks {@code [firstBlock, firstBlock + count)}, in one reply; the engine
   * spreads the blocks over the cores.
   */
  HeReply score(HeQuery query, int firstBlock, int count);

  @Override
  void close();
}
