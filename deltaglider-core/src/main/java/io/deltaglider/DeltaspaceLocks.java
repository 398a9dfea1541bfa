package io.deltaglider;

import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The in-process locks of a store, per deltaspace. They order the writers of one store only;
 * other processes are ordered by the reference protocol ({@link References}).
 *
 * <p>Striped: a fixed set of locks, a deltaspace's chosen by the hash of its name, so memory does
 * not grow with the deltaspaces ever touched. Two deltaspaces that share a stripe only wait for
 * each other; nothing else changes. (This is what Guava's {@code Striped} gave us; a dozen lines
 * did not justify a 3 MB dependency.)
 */
final class DeltaspaceLocks {
  private static final int STRIPES = 256;
  private final Lock[] writers = new Lock[STRIPES];
  /**
   * Puts hold a deltaspace's read lock, {@code migrate} its write lock: a migration reads an
   * object's metadata and writes it back rewritten, and a put landing in between (whole-object
   * puts write without the writer lock) would get the old version's metadata on its new bytes.
   */
  private final ReadWriteLock[] migrations = new ReadWriteLock[STRIPES];

  DeltaspaceLocks() {
    for (int i = 0; i < STRIPES; i++) {
      writers[i] = new ReentrantLock();
      migrations[i] = new ReentrantReadWriteLock();
    }
  }

  private static int stripe(String deltaspace) {
    int h = deltaspace.hashCode();
    return (h ^ (h >>> 16)) & (STRIPES - 1);
  }

  /** Held while a put or delete changes the deltaspace's reference or deltas. */
  Lock writer(String deltaspace) {
    return writers[stripe(deltaspace)];
  }

  /** Read-held by puts, write-held by a migration of one of the deltaspace's objects. */
  ReadWriteLock migration(String deltaspace) {
    return migrations[stripe(deltaspace)];
  }
}
