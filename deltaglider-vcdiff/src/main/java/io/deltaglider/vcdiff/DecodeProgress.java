package io.deltaglider.vcdiff;

/**
 * Receives the target of an in-memory decode piece by piece while it is being decoded, so a caller
 * can hash or forward it on another thread instead of waiting for the whole result.
 *
 * <p>Pieces arrive in target order, each starting where the previous one ended, on the decoding
 * thread. {@code buffer[offset, offset + length)} holds target bytes that the decode will not
 * change again; the array may be a different one from piece to piece (the result can be
 * reallocated while it grows), and stays readable after the call returns. Pieces are delivered as
 * the instructions produce them, before the window's checksum is verified: if the decode then
 * fails, everything received so far must be thrown away. A decode that returns normally has
 * delivered exactly its whole result.
 */
@FunctionalInterface
public interface DecodeProgress {
  /**
   * Receives the next {@code length} target bytes, {@code buffer[offset, offset + length)}, on the
   * decoding thread. An exception thrown here ends the decode and is thrown by it.
   */
  void decoded(byte[] buffer, int offset, int length);
}
