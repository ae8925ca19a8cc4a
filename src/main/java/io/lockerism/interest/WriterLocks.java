package io.lockerism.interest;

import java.util.concurrent.locks.ReentrantLock;

/**
 * One lock per viewer (striped, so memory stays bounded), taken around an interest update before
 * any database connection is: updates of one viewer from several sessions queue here, in memory,
 * instead of holding pooled connections while they wait for the row lock. The row lock still
 * serializes updates across instances.
 */
final class WriterLocks {

  private final ReentrantLock[] stripes;

  WriterLocks(int stripes) {
    this.stripes = new ReentrantLock[stripes];
    for (int i = 0; i < stripes; i++) {
      this.stripes[i] = new ReentrantLock(true);
    }
  }

  ReentrantLock of(long accountId) {
    return stripes[Math.floorMod(Long.hashCode(accountId), stripes.length)];
  }
}
