package io.deltaglider.encryption;

import io.deltaglider.BackendException;
import io.deltaglider.DeltaStoreException;
import io.deltaglider.encryption.DecryptionException.Reason;
import io.deltaglider.spi.BlobInfo;
import io.deltaglider.spi.StorageBackend;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.security.GeneralSecurityException;

/**
 * Opens the plaintext of one stored object as the inner backend's head described it: whole, as
 * Tink's decrypting stream over one get, or a range, as Tink's seekable decryption over the ranged
 * gets of the segments it covers. Everything that can be checked before decrypting is checked
 * first (scheme, key held, stored length against the recorded plaintext size).
 */
final class Reads {
  private final StorageBackend inner;
  private final Keyring keys;

  Reads(StorageBackend inner, Keyring keys) {
    this.inner = inner;
    this.keys = keys;
  }

  /** The key {@code env} names, once the stored length is the ciphertext length of its plaintext size. */
  Keyring.Key keyFor(Envelope env, long storedSize) throws DecryptionException {
    Keyring.Key key = keys.get(env.keyId);
    if (key == null) {
      throw new DecryptionException(env.rawKey, Reason.UNKNOWN_KEY, "it was encrypted with key "
          + Integer.toUnsignedString(env.keyId) + ", which the key set does not hold enabled", null);
    }
    long expected = key.layout.ciphertextSize(env.plainSize);
    if (storedSize != expected) {
      throw new DecryptionException(env.rawKey, Reason.SIZE_MISMATCH, "it is stored as " + storedSize
          + " bytes, but the ciphertext of its " + env.plainSize + " plaintext bytes has " + expected
          + " (truncated or extended)", null);
    }
    return key;
  }

  InputStream whole(BlobInfo stored) throws DeltaStoreException {
    Envelope env = Envelope.open(stored.key(), stored.metadata());
    Keyring.Key key = keyFor(env, stored.size());
    DecryptingInputStream.InnerFailure failure = new DecryptingInputStream.InnerFailure();
    InputStream raw = inner.get(stored.key());
    try {
      InputStream plain = key.aead.newDecryptingStream(failure.track(raw), env.associatedData());
      return new DecryptingInputStream(plain, stored.key(), env.plainSize, true, failure);
    } catch (GeneralSecurityException | IOException | RuntimeException e) {
      closeQuietly(raw, e);
      throw cannotStart(stored.key(), e, failure);
    }
  }

  /** At most {@code length} plaintext bytes from {@code offset}; none past the end. */
  InputStream range(BlobInfo stored, long offset, long length) throws DeltaStoreException {
    Envelope env = Envelope.open(stored.key(), stored.metadata());
    Keyring.Key key = keyFor(env, stored.size());
    long n = Math.min(length, Math.max(0, env.plainSize - offset));
    if (n == 0) {
      return InputStream.nullInputStream();
    }
    SegmentLayout layout = key.layout;
    long first = layout.segmentOf(offset);
    long last = layout.segmentOf(offset + n - 1);
    DecryptingInputStream.InnerFailure failure = new DecryptingInputStream.InnerFailure();
    CiphertextChannel ciphertext = new CiphertextChannel(inner, stored.key(), stored.size(), layout,
        layout.segmentStart(first), layout.segmentEnd(last, stored.size()), failure);
    try {
      SeekableByteChannel plain = key.aead.newSeekableDecryptingChannel(ciphertext, env.associatedData());
      plain.position(offset);
      return new DecryptingInputStream(new ChannelInput(plain), stored.key(), n, offset + n == env.plainSize, failure);
    } catch (GeneralSecurityException | IOException | RuntimeException e) {
      closeQuietly(ciphertext, e);
      throw cannotStart(stored.key(), e, failure);
    }
  }

  private static DeltaStoreException cannotStart(String rawKey, Exception e, DecryptingInputStream.InnerFailure inner) {
    if (inner.failure != null) {
      return inner.failure instanceof DeltaStoreException ? (DeltaStoreException) inner.failure
          : new BackendException("reading " + rawKey + " failed: " + inner.failure, inner.failure);
    }
    if (e instanceof DeltaStoreException) {
      return (DeltaStoreException) e;
    }
    if (e instanceof RuntimeException) {
      throw (RuntimeException) e;
    }
    return new DecryptionException(rawKey, Reason.AUTHENTICATION_FAILED, "cannot start decrypting it: " + e, e);
  }

  private static void closeQuietly(java.io.Closeable c, Exception primary) {
    try {
      c.close();
    } catch (IOException e) {
      primary.addSuppressed(e);
    }
  }

  /** A channel read as a stream (Channels.newInputStream would lock, and take 0 for an end). */
  private static final class ChannelInput extends InputStream {
    private final SeekableByteChannel channel;

    ChannelInput(SeekableByteChannel channel) {
      this.channel = channel;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return channel.read(ByteBuffer.wrap(b, off, len));
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }
}
