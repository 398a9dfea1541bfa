package io.deltaglider;

import com.google.common.util.concurrent.Striped;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;

/**
 * The in-process locks of a store, per deltaspace. They order the writers of one store only;
 * other processes are ordered by the reference protocol ({@link References}).
 *
 * <p>Guava's {@link Striped} earns its place here: lazily created, weakly held stripes give a
 * lock per deltaspace without a map that grows with every deltaspace ever touched, which a few
 * lines of our own would not.
 */
final class DeltaspaceLocks {
  private final Striped<Lock> writers = Striped.lazyWeakLock(256);
  /**
   * Puts hold a deltaspace's read lock, {@code migrate} its write lock: a migration reads an
   * object's metadata and writes it back rewritten, and a put landing in between (whole-object
   * puts write without the writer lock) would get the old version's metadata on its new bytes.
   */
  private final Striped<ReadWriteLock> migrations = Striped.lazyWeakReadWriteLock(256);

  /** Held while a put or delete changes the deltaspace's reference or deltas. */
  Lock writer(String deltaspace) {
    return writers.get(deltaspace);
  }

  /** Read-held by puts, write-held by a migration of one of the deltaspace's objects. */
  ReadWriteLock migration(String deltaspace) {
    return migrations.get(deltaspace);
  }
}
