package io.lockerism.engine;

/**
 * A viewer's scoring query: fresh encryptions of the interest u under the viewer's secret key,
 * packed for one model shape (D features, folding factor G). Public: without the secret key it
 * reveals nothing, so it may be sent to a remote evaluator.
 */
public interface HeQuery extends AutoCloseable {

  /** The engine's versioned binary format (seed + c0), safe to send. */
  byte[] serialize();

  /** Memory the query holds in the engine, for caches' bounds. */
  long memoryBytes();

  @Override
  void close();
}
