package io.lockerism.engine;

/** A BGV secret key. Only the locker may hold one; the evaluator never sees this type. */
public interface HeSecretKey extends AutoCloseable {

  /** The key in the engine's binary format; callers seal it before it touches a disk. */
  byte[] serialize();

  @Override
  void close();
}
