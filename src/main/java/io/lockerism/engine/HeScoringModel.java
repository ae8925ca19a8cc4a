package io.lockerism.engine;

/**
 * A snapshot compiled for encrypted scoring. Scores come back in blocks of {@link #rowsPerBlock()}
 * consecutive profiles, so a large catalog streams through bounded memory.
 */
public interface HeScoringModel extends AutoCloseable {

  int profiles();

  int features();

  int blocks();

  int rowsPerBlock();

  /** Profiles in block {@code block} (the last block may be short). */
  default int rowsInBlock(int block) {
    return Math.min(rowsPerBlock(), profiles() - block * rowsPerBlock());
  }

  /** Enc(s) for one block of profiles: M·Enc(u) + w·b over that block. */
  HeCiphertext scoreBlock(HeCiphertext interest, int block);

  @Override
  void close();
}
