package io.deltaglider.encryption;

import com.google.crypto.tink.KeysetHandle;
import io.deltaglider.BackendException;
import io.deltaglider.DeltaStoreException;
import io.deltaglider.ObjectNotFoundException;
import io.deltaglider.spi.BlobInfo;
import io.deltaglider.spi.BlobPage;
import io.deltaglider.spi.BlobQuery;
import io.deltaglider.spi.ForwardingBackend;
import io.deltaglider.spi.Payload;
import io.deltaglider.spi.StorageBackend;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.Lock;

/**
 * Client-side encryption of every object under any {@link StorageBackend} (FORMAT.md section 10).
 * The store above computes deltas on plaintext; what the inner backend stores is Tink streaming
 * AEAD ciphertext (AES-GCM-HKDF) under the key set's primary key, with the key id, the scheme and
 * the plaintext size added to the object's metadata and the raw key plus all metadata
 * authenticated as associated data. {@code head} and listings report plaintext sizes and the
 * caller's metadata only. Objects are streamed both ways, so memory does not grow with their size,
 * and a ranged get decrypts only the segments the range covers.
 *
 * <p>An object that was altered, moved to another key, had its metadata edited, was truncated, or
 * was written under a key the key set does not hold fails with a {@link DecryptionException} (an
 * {@link io.deltaglider.IntegrityException}); no byte of a segment that does not authenticate is
 * ever returned.
 *
 * <pre>{@code
 * KeysetHandle keys = KeysetHandle.generateNew(PredefinedStreamingAeadParameters.AES256_GCM_HKDF_1MB,
 *     StreamingAeadConfig2026.get());
 * DeltaStore store = DeltaStore.builder()
 *     .backend(EncryptingBackend.wrap(FileSystemBackend.builder(dir).build(), keys))
 *     .build();
 * }</pre>
 *
 * <p>Key rotation: give a key set whose primary is the new key and that still holds the old ones;
 * new writes use the primary, {@link #reencrypt(String)} moves older objects to it, after which
 * the old keys can be dropped. Thread-safe.
 */
public final class EncryptingBackend extends ForwardingBackend {
  /** How often a get starts over when the object was replaced between its head and its bytes. */
  private static final int MAX_ATTEMPTS = 3;

  private final Keyring keys;
  private final Reads reads;
  private final KeyLocks locks = new KeyLocks();
  private final Rewrites rewrites;

  private EncryptingBackend(StorageBackend inner, Keyring keys) {
    super(inner);
    this.keys = keys;
    this.reads = new Reads(inner, keys);
    this.rewrites = new Rewrites(inner, keys, reads, locks);
  }

  /**
   * Encrypts everything stored in {@code inner} with {@code keys}. The key set holds AES-GCM-HKDF
   * streaming keys only (Tink's {@code AES256_GCM_HKDF_1MB} or {@code _4KB} parameters, or their
   * AES-128 variants); disabled keys are ignored. It may come from a KMS: see the module's README.
   *
   * @throws GeneralSecurityException if Tink cannot make a primitive of a key
   * @throws IllegalArgumentException if a key is of another type or the primary key is not enabled
   */
  public static EncryptingBackend wrap(StorageBackend inner, KeysetHandle keys) throws GeneralSecurityException {
    return new EncryptingBackend(Objects.requireNonNull(inner, "inner"), new Keyring(Objects.requireNonNull(keys, "keys")));
  }

  /** The id of the key new objects are encrypted with. */
  public int primaryKeyId() {
    return keys.primary.id;
  }

  /**
   * Re-encrypts every object under the raw-key {@code prefix} that is not under the primary key,
   * each atomically by the inner backend's put, with its metadata unchanged. Objects without
   * encryption metadata are left alone and counted. Objects that cannot be re-encrypted (a key no
   * longer held, a ciphertext that does not authenticate, an I/O error) are reported, not fatal:
   * run it again. Puts and deletes through this backend wait for the object being rewritten;
   * writers elsewhere must not write the same keys meanwhile (FORMAT.md section 10.7).
   *
   * @throws DeltaStoreException if listing fails
   */
  public ReencryptReport reencrypt(String prefix) throws DeltaStoreException {
    return rewrites.reencrypt(Objects.requireNonNull(prefix, "prefix"));
  }

  @Override
  public void put(String key, Payload content, Map<String, String> metadata) throws DeltaStoreException {
    Envelope env = Envelope.seal(key, metadata, keys.primary.id, content.length());
    Lock lock = locks.write(key);
    try {
      delegate().put(key, EncryptingInputStream.payload(content, keys.primary, env), env.stored());
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void putIfAbsent(String key, Payload content, Map<String, String> metadata) throws DeltaStoreException {
    Envelope env = Envelope.seal(key, metadata, keys.primary.id, content.length());
    Lock lock = locks.write(key);
    try {
      delegate().putIfAbsent(key, EncryptingInputStream.payload(content, keys.primary, env), env.stored());
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Optional<BlobInfo> head(String key) throws DeltaStoreException {
    return delegate().head(key).map(EncryptingBackend::plainView);
  }

  /** What the store sees of a stored object: plaintext size, caller metadata, no ETag (the backend's is the ciphertext's). */
  private static BlobInfo plainView(BlobInfo stored) {
    if (!Envelope.isEncrypted(stored.metadata())) {
      return stored;
    }
    try {
      Envelope env = Envelope.open(stored.key(), stored.metadata());
      return new BlobInfo(stored.key(), env.plainSize, env.callerMetadata(), stored.lastModified());
    } catch (DecryptionException malformed) {
      return stored; // reads report it
    }
  }

  @Override
  public InputStream get(String key) throws DeltaStoreException {
    return open(key, 0, -1);
  }

  @Override
  public InputStream get(String key, long offset, long length) throws DeltaStoreException {
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("offset and length must not be negative: " + offset + ", " + length);
    }
    return open(key, offset, length);
  }

  /**
   * The plaintext (all of it when {@code length} is -1), its first segment already authenticated:
   * a failure there while the object was replaced since its head means the head was stale, so
   * the get starts over instead of failing.
   */
  private InputStream open(String key, long offset, long length) throws DeltaStoreException {
    for (int attempt = 1; ; attempt++) {
      BlobInfo stored = delegate().head(key).orElseThrow(() -> new ObjectNotFoundException(key));
      InputStream in = length < 0 ? reads.whole(stored) : reads.range(stored, offset, length);
      try {
        PushbackInputStream primed = new PushbackInputStream(in, 1);
        int first = primed.read();
        if (first >= 0) {
          primed.unread(first);
        }
        return primed;
      } catch (IOException e) {
        close(in, e);
        Optional<BlobInfo> now = delegate().head(key);
        boolean replaced = now.isEmpty() || now.get().size() != stored.size()
            || !now.get().metadata().equals(stored.metadata());
        if (!(e instanceof DecryptionException) || !replaced || attempt == MAX_ATTEMPTS) {
          throw e instanceof DeltaStoreException ? (DeltaStoreException) e
              : new BackendException("reading " + key + " failed: " + e, e);
        }
      }
    }
  }

  private static void close(InputStream in, Exception primary) {
    try {
      in.close();
    } catch (IOException e) {
      primary.addSuppressed(e);
    }
  }

  @Override
  public BlobPage list(BlobQuery query) throws DeltaStoreException {
    BlobPage page = delegate().list(query);
    List<BlobInfo> objects = new ArrayList<>(page.objects().size());
    for (BlobInfo o : page.objects()) {
      objects.add(listedView(o));
    }
    return new BlobPage(objects, page.commonPrefixes(), page.nextContinuationToken());
  }

  /**
   * A listing entry with its plaintext size. Listings without metadata (S3) give only the stored
   * size, from which the plaintext size follows when all keys share one segment layout; otherwise
   * a head asks.
   */
  private BlobInfo listedView(BlobInfo o) throws DeltaStoreException {
    // Every object written here has metadata, so an empty map is a listing that carries none
    // (whatever the entry claims; the S3 backend's entries claim to include it).
    if (o.metadataIncluded() && !o.metadata().isEmpty()) {
      return plainView(o);
    }
    SegmentLayout layout = keys.commonLayout;
    long plain = layout != null ? layout.plaintextSize(o.size()) : -1;
    if (plain >= 0) {
      return BlobInfo.listed(o.key(), plain, o.lastModified(), null);
    }
    Optional<BlobInfo> h = head(o.key());
    return h.isPresent() ? h.get() : o;
  }

  /**
   * Replaces the metadata by re-encrypting the object under the primary key (the metadata is
   * authenticated with the bytes), atomically by the inner backend's put.
   */
  @Override
  public void replaceMetadata(String key, Map<String, String> metadata) throws DeltaStoreException {
    Envelope.seal(key, metadata, 0, 0); // refuses reserved names before any I/O
    rewrites.rewrite(key, metadata);
  }

  @Override
  public boolean delete(String key) throws DeltaStoreException {
    Lock lock = locks.write(key);
    try {
      return delegate().delete(key);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void deleteIfPresent(String key) throws DeltaStoreException {
    Lock lock = locks.write(key);
    try {
      delegate().deleteIfPresent(key);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void deleteAll(Collection<String> keys) throws DeltaStoreException {
    Lock[] held = locks.writeAll(keys);
    try {
      delegate().deleteAll(keys);
    } finally {
      KeyLocks.unlock(held);
    }
  }

  @Override
  public String describe() {
    return "encrypted(" + delegate().describe() + ")";
  }
}
