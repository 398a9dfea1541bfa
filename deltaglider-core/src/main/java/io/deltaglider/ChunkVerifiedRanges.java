package io.deltaglider;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A range of a whole object read through its chunk digests (FORMAT.md section 3.6): one ranged
 * backend read of the chunks that cover the range, each chunk hashed as it passes and compared
 * with its recorded digest, and the range's bytes kept aside (in the heap, or past the memory
 * threshold in a temp file) until every chunk has matched. Nothing before the first covering chunk
 * or after the last is read. One attempt; {@link RangeReads} tells corruption from a concurrent
 * replacement.
 */
final class ChunkVerifiedRanges {
  private final StoreContext ctx;

  ChunkVerifiedRanges(StoreContext ctx) {
    this.ctx = ctx;
  }

  /** Bytes {@code offset} to {@code offset + length} (exclusive, within the object, length > 0), verified. */
  RangeStream read(Located loc, ChunkDigests chunks, long offset, long length) throws DeltaStoreException {
    long end = offset + length;
    int first = chunks.chunkAt(offset);
    int last = chunks.chunkAt(end - 1);
    long spanStart = chunks.start(first);
    byte[] heap = length <= ctx.memoryThreshold ? new byte[(int) length] : null;
    Path file = null;
    try {
      OutputStream toFile = null;
      if (heap == null) {
        file = TempFiles.create(ctx.tempDir);
        toFile = TempFiles.output(file);
      }
      try (OutputStream fileSink = toFile;
          InputStream in = ctx.backend.get(loc.rawKey(), spanStart, chunks.end(last) - spanStart)) {
        byte[] buf = new byte[1 << 16];
        long pos = spanStart;
        int kept = 0;
        for (int c = first; c <= last; c++) {
          BlockHasher hasher = new BlockHasher();
          long chunkEnd = chunks.end(c);
          while (pos < chunkEnd) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, chunkEnd - pos));
            if (n < 0) {
              throw new IntegrityException(loc.key.key, "the stored object ended at byte " + pos + " of the "
                  + chunks.size + " its metadata declares", (Throwable) null);
            }
            hasher.update(buf, 0, n);
            long from = Math.max(pos, offset);
            long to = Math.min(pos + n, end);
            if (from < to) {
              if (heap != null) {
                System.arraycopy(buf, (int) (from - pos), heap, kept, (int) (to - from));
                kept += (int) (to - from);
              } else {
                fileSink.write(buf, (int) (from - pos), (int) (to - from));
              }
            }
            pos += n;
          }
          byte[] blocks = hasher.finish();
          if (!chunks.matches(c, ChunkDigests.digestOfBlocks(blocks, 0, blocks.length / BlockHasher.DIGEST))) {
            throw new IntegrityException(loc.key.key, "chunk " + c + " (bytes " + chunks.start(c) + " to "
                + (chunkEnd - 1) + ") does not match its digest in dg-chunk-sha256", (Throwable) null);
          }
          ctx.metrics.chunksVerified.increment();
        }
      }
      if (heap != null) {
        return new RangeStream(new ByteArrayInputStream(heap), offset, length, chunks.size, true, null);
      }
      Path verified = file;
      RangeStream r = new RangeStream(Files.newInputStream(verified), offset, length, chunks.size, true,
          () -> TempFiles.delete(verified));
      file = null;
      return r;
    } catch (IOException e) {
      throw IoErrors.mapIo(e, "reading " + loc.key);
    } finally {
      if (file != null) {
        TempFiles.delete(file);
      }
    }
  }
}
