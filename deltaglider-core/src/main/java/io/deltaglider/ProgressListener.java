package io.deltaglider;

/**
 * Told how far a put or get has come, in bytes of the original object (read by a put, produced
 * by a get), on the calling thread, with the bytes so far never decreasing. Keep it quick: it runs
 * inside the read or decode loop.
 */
@FunctionalInterface
public interface ProgressListener {
  /**
   * @param bytes original bytes read or produced so far
   * @param total the object's size, or -1 while it is not known (a put of a stream)
   */
  void progress(long bytes, long total);
}
