package io.deltaglider.proxy;

import io.deltaglider.DeltaStore;
import io.deltaglider.DeltaStoreException;
import io.deltaglider.ListPage;
import io.deltaglider.ObjectNotFoundException;
import io.deltaglider.ObjectSummary;
import io.deltaglider.PutOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Multipart uploads kept in the store itself, so that every gateway over the store knows every
 * upload: {@code .deltaglider-uploads/ID/upload.properties} (bucket, key, initiator, time, content
 * type, metadata) and each part whole as {@code .deltaglider-uploads/ID/part-NNNNN}. A name
 * starting with a dot is no bucket name ({@link BucketNames#usable}), so no S3 request reaches
 * these objects and no bucket listing shows them.
 *
 * <p>Across gateways there is no lock; what keeps this consistent is that the store writes each
 * object whole or not at all. A part is one put (the same part number twice: the last one wins,
 * as in S3; a gateway killed mid-part leaves nothing). The upload exists while its
 * {@code upload.properties} does: removal deletes it first, a part stored just as its upload went
 * is deleted again, and completion checks it after the last byte was read, so the completed object
 * appears only whole. Completion also checks each part's bytes against the MD5 it listed.
 *
 * <p>Uploads begun longer than {@code expiry} ago (7 days by default) count as abandoned: the
 * first listing of all uploads after that (ListMultipartUploads, and a gateway's start) removes
 * them, as it does what a removal cut short left.
 */
final class SharedUploads implements Uploads {
  /** Where uploads live in the store: one top-level prefix no bucket can have. */
  static final String ROOT = ".deltaglider-uploads/";
  static final Duration DEFAULT_EXPIRY = Duration.ofDays(7);
  private static final String STATE = "upload.properties";
  private static final Logger LOG = LoggerFactory.getLogger(SharedUploads.class);

  private final DeltaStore store;
  private final Clock clock;
  private final Duration expiry;
  private final UploadLocks locks = new UploadLocks(this::exists);

  SharedUploads(DeltaStore store, Clock clock, Duration expiry) {
    this.store = store;
    this.clock = clock;
    this.expiry = expiry;
  }

  static String prefix(String id) {
    return ROOT + id + "/";
  }

  @Override
  public Upload create(String bucket, String key, String initiator, PutOptions options) throws IOException {
    String id = Uploads.newId();
    Instant now = clock.instant();
    Properties p = new Properties();
    p.setProperty("bucket", bucket);
    p.setProperty("key", key);
    p.setProperty("initiator", initiator);
    p.setProperty("initiated", now.toString());
    UploadOptions.save(options, p);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    p.store(out, null);
    String state = prefix(id) + STATE;
    try {
      store.put(state, out.toByteArray(), PutOptions.createOnly());
    } catch (DeltaStoreException e) {
      throw StoreAccess.map(e, state);
    }
    return new Upload(id, bucket, key, initiator, now, options);
  }

  @Override
  public <T> T locked(Upload u, IoAction<T> action) throws IOException {
    return locks.locked(u, action);
  }

  @Override
  public Part putPart(Upload u, int number, ReceivedBody body) throws IOException {
    return locked(u, () -> {
      String key = prefix(u.id()) + Uploads.partName(number);
      try {
        if (body.bytes() != null) {
          store.put(key, body.bytes(), PutOptions.none());
        } else {
          store.put(key, body.file(), PutOptions.none());
        }
      } catch (DeltaStoreException e) {
        throw StoreAccess.map(e, key);
      }
      if (!exists(u.id())) {
        // Aborted or completed elsewhere while the part went in; its removal may have missed it.
        delete(key);
        throw Uploads.noSuchUpload(u.id());
      }
      return new Part(number, body.md5Hex(), body.length(), clock.instant());
    });
  }

  @Override
  public List<Part> parts(Upload u) {
    List<Part> out = new ArrayList<>();
    String prefix = prefix(u.id());
    String token = null;
    try {
      do {
        ListPage page = store.listDetailed(prefix + "part-", null, null, token, 1000);
        for (ObjectSummary o : page.objects()) {
          int number = Uploads.partNumber(o.key().substring(prefix.length()));
          if (number > 0) {
            String etag = o.etag() != null ? o.etag() : o.storedEtag();
            out.add(new Part(number, etag == null ? "" : etag, o.size(),
                o.lastModified() == null ? Instant.EPOCH : o.lastModified()));
          }
        }
        token = page.nextContinuationToken();
      } while (token != null);
    } catch (DeltaStoreException e) {
      throw StoreAccess.map(e, prefix);
    }
    out.sort(Comparator.comparingInt(Part::number));
    return out;
  }

  @Override
  public InputStream content(Upload u, List<Part> parts) {
    return new StagedParts(store, prefix(u.id()), parts, () -> exists(u.id()), u.id());
  }

  @Override
  public void remove(Upload u) {
    removeAll(u.id());
  }

  /** Deletes the upload's state first (from then on it no longer exists), then whatever else is under its prefix. */
  private void removeAll(String id) {
    String prefix = prefix(id);
    delete(prefix + STATE);
    try {
      List<String> keys = new ArrayList<>();
      String token = null;
      do {
        ListPage page = store.list(prefix, null, null, token, 1000);
        page.objects().forEach(o -> keys.add(o.key()));
        token = page.nextContinuationToken();
      } while (token != null);
      if (!keys.isEmpty()) {
        store.deleteAll(keys);
      }
    } catch (DeltaStoreException e) {
      throw StoreAccess.map(e, prefix);
    }
  }

  /** Every upload in progress; removes the abandoned ones (older than the expiry) and leftovers of cut-short removals. */
  @Override
  public List<Upload> all() {
    List<Upload> out = new ArrayList<>();
    Instant oldest = clock.instant().minus(expiry);
    String token = null;
    try {
      do {
        ListPage page = store.list(ROOT, "/", null, token, 1000);
        for (String p : page.commonPrefixes()) {
          String id = p.substring(ROOT.length(), p.length() - 1);
          if (!Uploads.validId(id)) {
            continue; // not ours: leave it
          }
          Upload u = load(id);
          if (u == null) {
            removeAll(id);
          } else if (u.initiated().isBefore(oldest)) {
            LOG.info("removing multipart upload {} of {}/{}, begun {}: abandoned", id, u.bucket(), u.key(),
                u.initiated());
            removeAll(id);
          } else {
            out.add(u);
          }
        }
        token = page.nextContinuationToken();
      } while (token != null);
    } catch (DeltaStoreException e) {
      throw StoreAccess.map(e, ROOT);
    }
    return out;
  }

  private boolean exists(String id) {
    try {
      return store.exists(prefix(id) + STATE);
    } catch (DeltaStoreException e) {
      throw StoreAccess.map(e, prefix(id));
    }
  }

  private void delete(String key) {
    try {
      store.delete(key);
    } catch (ObjectNotFoundException e) {
      // already gone
    } catch (DeltaStoreException e) {
      throw StoreAccess.map(e, key);
    }
  }

  @Override
  public Upload load(String id) {
    if (!Uploads.validId(id)) {
      return null;
    }
    byte[] state;
    try {
      state = store.get(prefix(id) + STATE);
    } catch (ObjectNotFoundException e) {
      return null;
    } catch (DeltaStoreException e) {
      throw StoreAccess.map(e, prefix(id));
    }
    try {
      Properties p = new Properties();
      p.load(new ByteArrayInputStream(state));
      if (p.getProperty("bucket") == null || p.getProperty("key") == null) {
        return null;
      }
      return new Upload(id, p.getProperty("bucket"), p.getProperty("key"), p.getProperty("initiator"),
          Instant.parse(p.getProperty("initiated")), UploadOptions.load(p));
    } catch (IOException | RuntimeException e) {
      return null; // not a state this gateway wrote: not an upload
    }
  }
}
