package io.deltaglider;

import java.util.ArrayDeque;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The objects under a prefix, one at a time, in ascending UTF-8 byte order of their keys, read
 * from the backend a listing page at a time as the iteration reaches it: the whole listing is
 * never held in memory. From {@link DeltaStore#objects} and {@link DeltaStore#objectsDetailed}.
 * Not thread-safe; nothing to close.
 */
public final class ObjectIterator {
  /** The next batch of objects, empty at the end. */
  interface Batches {
    List<ObjectSummary> next() throws DeltaStoreException;
  }

  private final Batches batches;
  private final ArrayDeque<ObjectSummary> buffer = new ArrayDeque<>();
  private boolean done;

  ObjectIterator(Batches batches) {
    this.batches = batches;
  }

  /**
   * Whether another object follows; may read the next page from the backend.
   *
   * @throws DeltaStoreException if the backend fails (the iteration may be resumed by calling again)
   */
  public boolean hasNext() throws DeltaStoreException {
    while (buffer.isEmpty() && !done) {
      List<ObjectSummary> next = batches.next();
      if (next.isEmpty()) {
        done = true;
      }
      buffer.addAll(next);
    }
    return !buffer.isEmpty();
  }

  /**
   * The next object.
   *
   * @throws NoSuchElementException if there is none
   * @throws DeltaStoreException if the backend fails
   */
  public ObjectSummary next() throws DeltaStoreException {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return buffer.poll();
  }
}
