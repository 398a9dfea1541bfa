package io.deltaglider.encryption;

import java.util.Collection;
import java.util.TreeSet;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Keeps a rewrite (re-encryption, metadata replacement: read, decrypt, encrypt, put back) from
 * overwriting a put or undoing a delete made meanwhile through the same decorator. Writes share a
 * key's stripe; a rewrite holds it alone. Writers in other processes are not seen (FORMAT.md
 * section 10.7).
 */
final class KeyLocks {
  private static final int STRIPES = 64;
  private final ReadWriteLock[] stripes = new ReadWriteLock[STRIPES];

  KeyLocks() {
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new ReentrantReadWriteLock();
    }
  }

  private static int stripe(String key) {
    return Math.floorMod(key.hashCode(), STRIPES);
  }

  Lock write(String key) {
    Lock l = stripes[stripe(key)].readLock();
    l.lock();
    return l;
  }

  Lock rewrite(String key) {
    Lock l = stripes[stripe(key)].writeLock();
    l.lock();
    return l;
  }

  /** The shared locks of every key's stripe, taken in stripe order; release with {@link #unlock}. */
  Lock[] writeAll(Collection<String> keys) {
    TreeSet<Integer> order = new TreeSet<>();
    keys.forEach(k -> order.add(stripe(k)));
    Lock[] held = new Lock[order.size()];
    int i = 0;
    for (int s : order) {
      held[i] = stripes[s].readLock();
      held[i++].lock();
    }
    return held;
  }

  static void unlock(Lock[] held) {
    for (Lock l : held) {
      l.unlock();
    }
  }
}
