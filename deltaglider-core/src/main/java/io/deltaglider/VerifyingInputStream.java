package io.deltaglider;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * A later read of a caller's file whose digest a put has already recorded: the stream fails
 * instead of handing out its last bytes if what it read does not have that size and SHA-256. A
 * backend writes atomically and commits only a complete payload, so an upload fed from this
 * stream can never commit bytes the metadata does not describe.
 */
final class VerifyingInputStream extends FilterInputStream {
  private final long size;
  private final String sha256;
  private final String what;
  private final MessageDigest digest = Sha256.newDigest();
  private long count;

  VerifyingInputStream(InputStream in, long size, String sha256, String what) {
    super(in);
    this.size = size;
    this.sha256 = sha256;
    this.what = what;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (count == size) {
      // Past the end: one more byte from the file means it grew.
      if (len == 0 || in.read() < 0) {
        return len == 0 ? 0 : -1;
      }
      throw changed("grew");
    }
    int n = in.read(b, off, (int) Math.min(len, size - count));
    if (n < 0) {
      throw changed("shrank");
    }
    digest.update(b, off, n);
    count += n;
    if (count == size && !Sha256.hex(digest.digest()).equals(sha256)) {
      throw changed("was rewritten");
    }
    return n;
  }

  private ContentChangedException changed(String how) {
    return new ContentChangedException(what + " " + how + " after its SHA-256 was recorded, while it was being stored");
  }

  @Override
  public long skip(long n) throws IOException {
    throw new IOException("a verifying read does not skip");
  }

  @Override
  public boolean markSupported() {
    return false;
  }
}
