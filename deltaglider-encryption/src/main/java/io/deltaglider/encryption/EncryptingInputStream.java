package io.deltaglider.encryption;

import com.google.crypto.tink.StreamingAead;
import io.deltaglider.spi.Payload;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * The ciphertext of a plaintext stream, pulled: a backend reads it like any payload stream. Tink
 * encrypts by pushing into an {@link OutputStream}, so plaintext is fed to it in small pieces and
 * what it emits (a segment at a time) is buffered until read: memory stays about two segments
 * whatever the object's size. The plaintext must be exactly the announced length, which fixed the
 * ciphertext length the backend was promised.
 */
final class EncryptingInputStream extends InputStream {
  private static final int PIECE = 1 << 16;

  private final InputStream plain;
  private final long expected;
  private final OutputStream encrypter;
  private final Buffer out = new Buffer();
  private final byte[] piece;
  private long fed;
  private boolean finished;

  EncryptingInputStream(InputStream plain, long expected, StreamingAead aead, byte[] aad) throws IOException {
    this.plain = plain;
    this.expected = expected;
    this.piece = new byte[(int) Math.min(PIECE, Math.max(1, expected + 1))];
    try {
      this.encrypter = aead.newEncryptingStream(out, aad);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot start encrypting: " + e, e);
    }
  }

  /** {@code plain} encrypted under {@code key} for {@code envelope}: a payload of the ciphertext's exact length. */
  static Payload payload(Payload plain, Keyring.Key key, Envelope envelope) {
    byte[] aad = envelope.associatedData();
    long length = key.layout.ciphertextSize(plain.length());
    return new Payload() {
      @Override
      public long length() {
        return length;
      }

      @Override
      public InputStream open() throws IOException {
        InputStream in = plain.open();
        try {
          return new EncryptingInputStream(in, plain.length(), key.aead, aad);
        } catch (IOException | RuntimeException e) {
          in.close();
          throw e;
        }
      }
    };
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
    while (out.available() == 0 && !finished) {
      feed();
    }
    if (out.available() == 0) {
      return -1;
    }
    return out.take(b, off, len);
  }

  private void feed() throws IOException {
    int n = plain.read(piece, 0, piece.length);
    if (n < 0) {
      if (fed != expected) {
        throw new IOException("the payload ended after " + fed + " of its " + expected + " bytes");
      }
      encrypter.close(); // the last segment, marked last
      finished = true;
      return;
    }
    fed += n;
    if (fed > expected) {
      throw new IOException("the payload is longer than its " + expected + " bytes");
    }
    encrypter.write(piece, 0, n);
  }

  @Override
  public int available() {
    return out.available();
  }

  @Override
  public void close() throws IOException {
    plain.close();
  }

  /** What the encrypter emitted and nobody has read yet. */
  private static final class Buffer extends OutputStream {
    private byte[] bytes = new byte[1 << 16];
    private int start;
    private int end;

    int available() {
      return end - start;
    }

    int take(byte[] b, int off, int len) {
      int n = Math.min(len, end - start);
      System.arraycopy(bytes, start, b, off, n);
      start += n;
      return n;
    }

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      if (start == end) {
        start = 0;
        end = 0;
      }
      if (end + len > bytes.length) {
        if (end - start + len <= bytes.length) {
          System.arraycopy(bytes, start, bytes, 0, end - start);
        } else {
          bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, end - start + len));
          System.arraycopy(bytes, start, bytes, 0, end - start);
        }
        end -= start;
        start = 0;
      }
      System.arraycopy(b, off, bytes, end, len);
      end += len;
    }
  }
}
