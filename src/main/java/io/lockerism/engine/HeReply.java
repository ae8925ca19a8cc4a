package io.lockerism.engine;

/** The encrypted scores of a range of catalog blocks, answering one {@link HeQuery}. */
public interface HeReply extends AutoCloseable {

  /** The engine's versioned binary format, switched to ~7.5–30 bytes per score. */
  byte[] serialize();

  @Override
  void close();
}
