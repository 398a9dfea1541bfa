package io.deltaglider.proxy;

import io.deltaglider.DeltaStore;
import io.deltaglider.DeltaStoreException;
import io.deltaglider.ObjectNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Iterator;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The parts of a shared upload read back from the store one after the other (each verified by the
 * store, one open at a time), for completion's put. Each part must still be the one listed (its
 * length and MD5), and at the end the upload must still exist: otherwise a read fails with
 * {@link Uploads.Changed} and the put stores nothing.
 */
final class StagedParts extends InputStream {
  private final DeltaStore store;
  private final String prefix;
  private final Iterator<Uploads.Part> parts;
  private final BooleanSupplier uploadExists;
  private final String id;
  private Uploads.Part part;
  private InputStream current;
  private MessageDigest md5;
  private long read;
  private boolean ended;

  StagedParts(DeltaStore store, String prefix, List<Uploads.Part> parts, BooleanSupplier uploadExists, String id) {
    this.store = store;
    this.prefix = prefix;
    this.parts = List.copyOf(parts).iterator();
    this.uploadExists = uploadExists;
    this.id = id;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (true) {
      if (current == null && !next()) {
        return -1;
      }
      int n = current.read(b, off, len);
      if (n >= 0) {
        md5.update(b, off, n);
        read += n;
        return n;
      }
      finishPart();
    }
  }

  /** Opens the next part; false at the end, after checking the upload is still there. */
  private boolean next() throws IOException {
    if (ended) {
      return false;
    }
    if (!parts.hasNext()) {
      ended = true;
      if (!uploadExists.getAsBoolean()) {
        throw new Uploads.Changed(Uploads.noSuchUpload(id));
      }
      return false;
    }
    part = parts.next();
    String key = prefix + Uploads.partName(part.number());
    try {
      current = store.open(key);
    } catch (ObjectNotFoundException e) {
      throw new Uploads.Changed(uploadExists.getAsBoolean() ? invalidPart() : Uploads.noSuchUpload(id));
    } catch (DeltaStoreException e) {
      throw new Uploads.Changed(StoreAccess.map(e, key));
    }
    md5 = Hashing.md5();
    read = 0;
    return true;
  }

  private void finishPart() throws IOException {
    InputStream done = current;
    current = null;
    done.close();
    if (read != part.size() || !Hashing.hex(md5.digest()).equals(part.etag())) {
      // Replaced by another UploadPart of the same number since it was listed.
      throw new Uploads.Changed(invalidPart());
    }
  }

  private S3Exception invalidPart() {
    return new S3Exception(S3ErrorCode.INVALID_PART).detail("PartNumber", Integer.toString(part.number()))
        .detail("ETag", part.etag());
  }

  @Override
  public void close() throws IOException {
    ended = true;
    if (current != null) {
      InputStream c = current;
      current = null;
      c.close();
    }
  }
}
