package io.deltaglider.encryption;

import io.deltaglider.DeltaStoreException;
import io.deltaglider.encryption.DecryptionException.Reason;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Plaintext from one of Tink's decrypting streams or channels, with its failures named: a
 * segment that does not authenticate becomes a {@link DecryptionException}, a failure of the inner
 * backend's stream stays what it was (Tink reports both as plain {@link IOException}s, so the
 * inner stream records its own). A whole object is read to Tink's end, which authenticates the
 * last segment; a range stops after its bytes.
 */
final class DecryptingInputStream extends InputStream {
  /** The inner backend's failure, if it failed: then Tink's exception is about it, not about the ciphertext. */
  static final class InnerFailure {
    volatile IOException failure;

    InputStream track(InputStream in) {
      return new FilterInputStream(in) {
        @Override
        public int read() throws IOException {
          try {
            return super.read();
          } catch (IOException e) {
            throw failure = e;
          }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          try {
            return super.read(b, off, len);
          } catch (IOException e) {
            throw failure = e;
          }
        }
      };
    }
  }

  private final InputStream plain;
  private final String rawKey;
  private final long expected;
  private final boolean toTheEnd;
  private final InnerFailure inner;
  private long count;
  private boolean done;

  /**
   * @param expected how many plaintext bytes this stream yields
   * @param toTheEnd whether they end the object (then Tink must also say it ended)
   */
  DecryptingInputStream(InputStream plain, String rawKey, long expected, boolean toTheEnd, InnerFailure inner) {
    this.plain = plain;
    this.rawKey = rawKey;
    this.expected = expected;
    this.toTheEnd = toTheEnd;
    this.inner = inner;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (count == expected) {
      finish();
      return -1;
    }
    int n;
    try {
      do {
        n = plain.read(b, off, (int) Math.min(len, expected - count));
      } while (n == 0);
    } catch (IOException e) {
      throw translate(e);
    }
    if (n < 0) {
      throw new DecryptionException(rawKey, Reason.SIZE_MISMATCH, "its plaintext ended after " + count + " of "
          + expected + " bytes", null);
    }
    count += n;
    return n;
  }

  /** At the end of a whole object: Tink's own end, which it reports only after the last segment authenticated. */
  private void finish() throws IOException {
    if (done || !toTheEnd) {
      return;
    }
    int more;
    try {
      more = plain.read();
    } catch (IOException e) {
      throw translate(e);
    }
    if (more >= 0) {
      throw new DecryptionException(rawKey, Reason.SIZE_MISMATCH, "its plaintext is longer than the " + expected
          + " bytes recorded", null);
    }
    done = true;
  }

  private IOException translate(IOException e) {
    if (inner.failure != null) {
      return inner.failure;
    }
    if (e instanceof DeltaStoreException) {
      return e;
    }
    return new DecryptionException(rawKey, Reason.AUTHENTICATION_FAILED, "it does not decrypt: its ciphertext or "
        + "metadata was altered, it was moved from another key, or another key has its key id (" + e.getMessage() + ")", e);
  }

  @Override
  public void close() throws IOException {
    plain.close();
  }
}
