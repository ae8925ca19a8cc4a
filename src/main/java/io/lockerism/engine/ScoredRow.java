package io.lockerism.engine;

/** One entry of a decrypted top-k: a catalog row and its score. */
public record ScoredRow(int row, long score) {}
