package io.deltaglider.archive;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.zip.CRC32;

/**
 * Turns an expanded form and its recipe back into the original bytes (FORMAT.md section 9.5). It
 * knows nothing of gzip, zip or tar: RAW records are copied, each BEGIN .. END span is compressed
 * with the next settings of the recipe, DIFF32 records become 4-byte fields. Memory is one copy
 * buffer and one compressor per open BEGIN (at most {@link Canonical#MAX_NESTING}).
 */
final class Rebuilder {
  private final DeflateReproducer reproducer;
  /** Streams copied instead of compressed, or null. */
  private final KnownStreams known;

  Rebuilder(DeflateReproducer reproducer, KnownStreams known) {
    this.reproducer = reproducer;
    this.known = known;
  }

  /** Writes the original to {@code original} and returns its length. */
  long rebuild(InputStream canonical, InputStream recipeIn, OutputStream original) throws IOException {
    RecipeReader recipe = new RecipeReader(new BufferedInputStream(recipeIn, 1 << 12));
    CountingInput in = new CountingInput(new BufferedInputStream(canonical, 1 << 16));
    byte[] magic = in.readNBytes(Canonical.CANONICAL_MAGIC.length);
    if (!Arrays.equals(magic, Canonical.CANONICAL_MAGIC)) {
      throw new ArchiveFormatException("not an expanded form of version " + Canonical.CANONICAL_MAGIC[4]);
    }
    CheckedSink base = new CheckedSink(original, recipe.originalLength, recipe.originalCrc);
    Deque<CompressingSink> open = new ArrayDeque<>();
    byte[] buf = new byte[1 << 16];
    long lastDiff32 = 0;
    try {
      while (true) {
        OutputStream top = open.isEmpty() ? base : open.peek();
        int tag = in.read();
        switch (tag) {
          case Canonical.TAG_RAW -> {
            long n = Varints.read(in, "RAW length");
            if (n == 0) {
              throw new ArchiveFormatException("empty RAW record at offset " + (in.count - 2));
            }
            for (int k; n > 0; n -= k) {
              k = in.read(buf, 0, (int) Math.min(n, buf.length));
              if (k < 0) {
                throw new ArchiveFormatException("truncated RAW record");
              }
              top.write(buf, 0, k);
            }
          }
          case Canonical.TAG_BEGIN -> {
            if (open.size() == Canonical.MAX_NESTING) {
              throw new ArchiveFormatException("deflate streams nested deeper than " + Canonical.MAX_NESTING);
            }
            StreamParams p = recipe.next();
            if (!reproducer.supports(p)) {
              throw new ArchiveFormatException("this build cannot compress with " + p);
            }
            open.push(new CompressingSink(reproducer, p, top, known));
          }
          case Canonical.TAG_END -> {
            if (open.isEmpty()) {
              throw new ArchiveFormatException("END record without BEGIN at offset " + (in.count - 1));
            }
            try (CompressingSink done = open.pop()) {
              done.finish();
            }
          }
          case Canonical.TAG_DIFF32 -> {
            lastDiff32 = (lastDiff32 + Varints.unzigzag(Varints.read(in, "DIFF32 value"))) & 0xffffffffL;
            top.write(new byte[] {(byte) lastDiff32, (byte) (lastDiff32 >>> 8), (byte) (lastDiff32 >>> 16),
                (byte) (lastDiff32 >>> 24)});
          }
          case Canonical.TAG_END_OF_FORM -> {
            if (!open.isEmpty()) {
              throw new ArchiveFormatException("the expanded form ends inside a deflate stream");
            }
            if (in.read() >= 0) {
              throw new ArchiveFormatException("bytes after the end of the expanded form");
            }
            recipe.finish();
            if (in.count != recipe.canonicalLength) {
              throw new ArchiveFormatException("the expanded form has " + in.count + " bytes, its recipe says "
                  + recipe.canonicalLength);
            }
            base.check();
            return base.count;
          }
          case -1 -> throw new ArchiveFormatException("truncated expanded form");
          default -> throw new ArchiveFormatException("unknown record type " + tag + " at offset " + (in.count - 1));
        }
      }
    } finally {
      for (CompressingSink s : open) {
        s.close();
      }
    }
  }

  /** Counts what the canonical stream delivered. */
  private static final class CountingInput extends FilterInputStream {
    long count;

    CountingInput(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }
  }

  /** The original's bytes, checked against the recipe's length (as they come) and CRC-32 (at the end). */
  private static final class CheckedSink extends OutputStream {
    private final OutputStream out;
    private final long expectedLength;
    private final CRC32 crc = new CRC32();
    private final long expectedCrc;
    long count;

    CheckedSink(OutputStream out, long expectedLength, long expectedCrc) {
      this.out = out;
      this.expectedLength = expectedLength;
      this.expectedCrc = expectedCrc;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (count + len > expectedLength) {
        throw new ArchiveFormatException("the rebuilt bytes run past the original's " + expectedLength);
      }
      crc.update(b, off, len);
      out.write(b, off, len);
      count += len;
    }

    void check() throws IOException {
      if (count != expectedLength) {
        throw new ArchiveFormatException("rebuilt " + count + " bytes, the original had " + expectedLength);
      }
      if (crc.getValue() != expectedCrc) {
        throw new ArchiveFormatException("the rebuilt bytes do not match the original's CRC-32");
      }
      out.flush();
    }
  }

  /**
   * Compresses what is written to it into the enclosing sink. With known streams, a span's first
   * {@link KnownStreams#MAX_STREAM} bytes are held back: a span that ends within them and is known
   * is copied, any other is compressed (the compressor is only made then).
   */
  private static final class CompressingSink extends OutputStream {
    private final DeflateReproducer reproducer;
    private final StreamParams params;
    private final OutputStream out;
    private final KnownStreams known;
    private DeflateReproducer.StreamCompressor compressor;
    private byte[] held;
    private int heldLength;

    CompressingSink(DeflateReproducer reproducer, StreamParams params, OutputStream out, KnownStreams known) {
      this.reproducer = reproducer;
      this.params = params;
      this.out = out;
      this.known = known;
      if (known != null) {
        held = new byte[1 << 12];
      } else {
        compressor = reproducer.open(params);
      }
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (held != null) {
        if (heldLength + len <= KnownStreams.MAX_STREAM) {
          if (heldLength + len > held.length) {
            held = Arrays.copyOf(held, Math.min(KnownStreams.MAX_STREAM, Math.max(heldLength + len, 2 * held.length)));
          }
          System.arraycopy(b, off, held, heldLength, len);
          heldLength += len;
          return;
        }
        compressHeld(); // too long to be a known stream
      }
      compressor.write(b, off, len, out);
    }

    private void compressHeld() throws IOException {
      compressor = reproducer.open(params);
      compressor.write(held, 0, heldLength, out);
      held = null;
    }

    void finish() throws IOException {
      if (held != null) {
        byte[] copy = known.compressed(KnownStreams.sha256(held, 0, heldLength), params);
        if (copy != null) {
          out.write(copy);
          held = null;
          return;
        }
        compressHeld();
      }
      compressor.finish(out);
    }

    @Override
    public void close() {
      if (compressor != null) {
        compressor.close();
      }
    }
  }
}
