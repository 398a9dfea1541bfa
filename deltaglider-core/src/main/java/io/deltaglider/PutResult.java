package io.deltaglider;

/** What {@link DeltaStore#put} stored. */
public final class PutResult {
  private final String key;
  private final StoredForm form;
  private final boolean createdReference;
  private final long originalSize;
  private final long storedSize;
  private final String sha256;
  private final String etag;
  private final boolean archiveDelta;

  PutResult(String key, StoredForm form, boolean createdReference, long originalSize, long storedSize, String sha256,
      String etag, boolean archiveDelta) {
    this.key = key;
    this.form = form;
    this.createdReference = createdReference;
    this.originalSize = originalSize;
    this.storedSize = storedSize;
    this.sha256 = sha256;
    this.etag = etag;
    this.archiveDelta = archiveDelta;
  }

  /** The user key, as given to put or as the target of a copy. */
  public String key() {
    return key;
  }

  /** Whether the object was stored as a delta against its deltaspace's reference or whole ({@link StoredForm#PASSTHROUGH}). */
  public StoredForm form() {
    return form;
  }

  /** True if this put made its deltaspace's {@code reference.bin} (the first object there). */
  public boolean createdReference() {
    return createdReference;
  }

  /** Size of the content stored, in bytes. */
  public long originalSize() {
    return originalSize;
  }

  /** Bytes written for the object itself (the delta, or the whole object), not counting a new reference. */
  public long storedSize() {
    return storedSize;
  }

  /** Hex SHA-256 of the original bytes. */
  public String sha256() {
    return sha256;
  }

  /**
   * The object's ETag: the lower-case hex MD5 of the original bytes (stored as {@code dg-md5}),
   * what {@link ObjectInfo#etag()} reports for it afterwards, whatever its stored form.
   */
  public String etag() {
    return etag;
  }

  /**
   * True if the object was stored as an archive-aware delta ({@link StoredForm#DELTA} in form;
   * FORMAT.md section 9.8), which only a store of this library reads: see
   * {@link DeltaStoreBuilder#archiveAware}.
   */
  public boolean archiveDelta() {
    return archiveDelta;
  }

  /** Stored size over original size (0 for empty objects). */
  public double ratio() {
    return originalSize == 0 ? 0 : (double) storedSize / originalSize;
  }

  @Override
  public String toString() {
    return "PutResult[" + key + " as " + form + (archiveDelta ? " (archive-aware)" : "") + (createdReference ? " (new reference)" : "") + ", "
        + originalSize + " -> " + storedSize + " bytes, sha256=" + sha256 + "]";
  }
}
