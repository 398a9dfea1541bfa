package io.deltaglider;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The first read of a caller's file: hands every byte to the digests as it passes (copied, since
 * the reader may reuse its buffer), so what a put records as the SHA-256 is exactly what the
 * encoder read. At the end it checks the length the put was planned for and hands the digests,
 * perhaps still being computed, to the spool; more or fewer bytes mean the file changed, and the
 * read fails.
 */
final class RecordingInputStream extends FilterInputStream {
  interface Done {
    /** All bytes were read, of the planned length; their digests may still be being computed. */
    void recorded(PipelinedDigests digests);
  }

  private static final int SLICE = 1 << 20;
  /** Bytes of copies that may wait for the hashing thread: a few slices, less in a small heap. */
  static final long MAX_QUEUED = Math.max(SLICE, Math.min(16L << 20, Runtime.getRuntime().maxMemory() / 16));

  private final long size;
  private final PipelinedDigests digests;
  private final String what;
  private final Done done;
  private long count;
  private boolean finished;

  RecordingInputStream(InputStream in, long size, PipelinedDigests digests, String what, Done done) {
    super(in);
    this.size = size;
    this.digests = digests;
    this.what = what;
    this.done = done;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (finished) {
      return -1;
    }
    int n = in.read(b, off, len);
    if (n < 0) {
      finish();
      return -1;
    }
    count += n;
    if (count > size) {
      digests.abandon();
      throw new ContentChangedException(what + " grew past the " + size + " bytes it had when the put started");
    }
    // Copied in slices, so the bound on queued copies holds however much one read returns.
    for (int at = 0; at < n; at += SLICE) {
      int slice = Math.min(SLICE, n - at);
      digests.decoded(Arrays.copyOfRange(b, off + at, off + at + slice), 0, slice);
    }
    return n;
  }

  private void finish() throws IOException {
    finished = true;
    if (count != size) {
      digests.abandon();
      throw new ContentChangedException(what + " shrank to " + count + " bytes from the " + size
          + " it had when the put started");
    }
    // Not waited for here: the last pieces are hashed while the encoder works on what it just
    // read (waiting put the hashing of up to a window on the critical path of every put(Path)).
    done.recorded(digests);
  }

  @Override
  public long skip(long n) throws IOException {
    throw new IOException("a recording read does not skip");
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  @Override
  public void close() throws IOException {
    if (!finished) {
      digests.abandon();
    }
    super.close();
  }
}
