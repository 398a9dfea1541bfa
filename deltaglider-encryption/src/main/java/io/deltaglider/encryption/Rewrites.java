package io.deltaglider.encryption;

import io.deltaglider.DeltaStoreException;
import io.deltaglider.ObjectNotFoundException;
import io.deltaglider.spi.BlobInfo;
import io.deltaglider.spi.BlobPage;
import io.deltaglider.spi.BlobQuery;
import io.deltaglider.spi.Payload;
import io.deltaglider.spi.StorageBackend;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.Lock;

/**
 * Rewrites stored objects under the primary key: key rotation ({@link #reencrypt}) and metadata
 * replacement, which must re-encrypt because the metadata is authenticated. Each object is
 * decrypted and encrypted again as one stream into the inner backend's own atomic put: readers see
 * the old object or the new one, and a ciphertext that fails to authenticate midway fails the put,
 * which leaves the old one.
 */
final class Rewrites {
  private final StorageBackend inner;
  private final Keyring keys;
  private final Reads reads;
  private final KeyLocks locks;

  Rewrites(StorageBackend inner, Keyring keys, Reads reads, KeyLocks locks) {
    this.inner = inner;
    this.keys = keys;
    this.reads = reads;
    this.locks = locks;
  }

  /** Re-encrypts {@code rawKey} under the primary key with {@code caller} metadata (its own if null). */
  void rewrite(String rawKey, Map<String, String> caller) throws DeltaStoreException {
    Lock lock = locks.rewrite(rawKey);
    try {
      BlobInfo stored = inner.head(rawKey).orElseThrow(() -> new ObjectNotFoundException(rawKey));
      rewrite(stored, caller);
    } finally {
      lock.unlock();
    }
  }

  private void rewrite(BlobInfo stored, Map<String, String> caller) throws DeltaStoreException {
    Envelope old = Envelope.open(stored.key(), stored.metadata());
    reads.keyFor(old, stored.size());
    Envelope next = old.reseal(caller != null ? caller : old.callerMetadata(), keys.primary.id);
    Payload plain = new Payload() {
      @Override
      public long length() {
        return old.plainSize;
      }

      @Override
      public InputStream open() throws java.io.IOException {
        return reads.whole(stored);
      }
    };
    inner.put(stored.key(), EncryptingInputStream.payload(plain, keys.primary, next), next.stored());
  }

  ReencryptReport reencrypt(String prefix) throws DeltaStoreException {
    long examined = 0;
    long done = 0;
    long current = 0;
    long plain = 0;
    Map<String, String> failures = new TreeMap<>();
    BlobQuery q = BlobQuery.under(prefix);
    while (true) {
      BlobPage page = inner.list(q);
      for (BlobInfo listed : page.objects()) {
        examined++;
        Lock lock = locks.rewrite(listed.key());
        try {
          Optional<BlobInfo> stored = inner.head(listed.key());
          if (stored.isEmpty()) {
            continue; // deleted since the listing
          }
          Map<String, String> meta = stored.get().metadata();
          if (!Envelope.isEncrypted(meta)) {
            plain++;
          } else if (Envelope.open(listed.key(), meta).keyId == keys.primary.id) {
            current++;
          } else {
            rewrite(stored.get(), null);
            done++;
          }
        } catch (DeltaStoreException e) {
          failures.put(listed.key(), e.getMessage());
        } finally {
          lock.unlock();
        }
      }
      if (!page.isTruncated()) {
        return new ReencryptReport(examined, done, current, plain, failures);
      }
      q = q.withContinuationToken(page.nextContinuationToken());
    }
  }
}
