package io.deltaglider.archive;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A raw-deflate compressor whose output, for given settings, is a pure function of its input. The
 * archive transforms only inflate a stream when one of these compresses the inflated bytes back to
 * exactly the original stream, and rebuild uses the same reproducer, so whatever implements this
 * must give the same bytes on every machine and every run: that is why the store may only use the
 * project's pure-Java zlib-compatible encoder here, never the platform's zlib.
 */
interface DeflateReproducer {

  /** Whether {@link #open} can compress with {@code params}. */
  boolean supports(StreamParams params);

  /** A fresh compressor for one raw deflate stream (no zlib or gzip wrapper). */
  StreamCompressor open(StreamParams params);

  /**
   * One stream being compressed. Its output must not depend on how the input is split across
   * {@link #write} calls. Exceptions thrown by {@code out} propagate unchanged (the candidate search
   * stops a comparison that way).
   */
  interface StreamCompressor extends AutoCloseable {
    void write(byte[] b, int off, int len, OutputStream out) throws IOException;

    /** Writes the rest of the stream, ending with the final block. */
    void finish(OutputStream out) throws IOException;

    /** Releases what the compressor holds; the pure-Java encoder holds nothing to release. */
    @Override
    default void close() {}
  }
}
