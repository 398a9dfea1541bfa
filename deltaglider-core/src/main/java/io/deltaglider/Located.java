package io.deltaglider;

import io.deltaglider.spi.BlobInfo;
import io.deltaglider.spi.MetadataNames;
import java.util.Optional;

/** Where one lookup found an object's bytes and what its metadata says; one per read attempt. */
final class Located {
  final ObjectKey key;
  final StoredForm form;
  final BlobInfo blob;
  final StoredMetadata meta;
  /** The reference as this attempt's decode found it (empty: missing); null until headed. */
  Optional<BlobInfo> referenceSeen;
  /** Read the reference from the backend even if the cache holds it: what verify needs. */
  boolean bypassCache;

  Located(ObjectKey key, StoredForm form, BlobInfo blob) {
    this.key = key;
    this.form = form;
    this.blob = blob;
    this.meta = StoredMetadata.parse(blob.metadata());
  }

  String rawKey() {
    return blob.key();
  }

  /** The reference a delta is read against: always its own deltaspace's, whatever the metadata says. */
  String referenceKey() {
    return key.referenceKey();
  }

  /**
   * Refuses metadata that describes another object (FORMAT.md section 3.4): a stored file moved
   * or swapped under another name, or into another deltaspace, carries its metadata with it,
   * which verifies its bytes perfectly and would serve them as the wrong object. ASCII names are
   * compared exactly; a non-ASCII one unless the stored name shows signs of a transport that could
   * not carry it (S3 user metadata is ASCII: some servers and SDKs turn the rest into {@code ?}
   * or RFC 2047 words). Other tools name the reference from the bucket root, so a {@code dg-ref-key}
   * only has to end with this deltaspace's; a bare {@code reference.bin} names the delta's own.
   */
  void checkBelongsToKey() throws IntegrityException {
    String named = meta.get(MetadataNames.ORIGINAL_NAME);
    if (named != null && !named.isEmpty() && !named.equals(key.name) && !mangledInTransport(named, key.name)) {
      throw new IntegrityException(key.key, "its metadata belongs to '" + named
          + "': the stored file was moved or swapped", (Throwable) null);
    }
    String refKey = meta.get(MetadataNames.REF_KEY);
    String own = key.referenceKey();
    if (form == StoredForm.DELTA && refKey != null && !refKey.isEmpty() && !refKey.equals(own)
        && !refKey.endsWith("/" + own) && !refKey.equals(ObjectKey.REFERENCE)) {
      throw new IntegrityException(key.key, "its metadata names the reference " + refKey
          + " of another deltaspace: the stored file was moved", (Throwable) null);
    }
  }

  /**
   * Refuses an object in a form this reader does not know (FORMAT.md section 9.8): decoding it as
   * a plain delta or serving it as whole bytes would fail at best. A file another tool put there
   * ({@link StoredForm#PLAIN}) is not ours to judge: its metadata is someone else's.
   */
  void checkKnownForm() throws UnsupportedFormException {
    String f = meta.form();
    if (f == null || form == StoredForm.PLAIN) {
      return;
    }
    if (!f.equals(MetadataNames.FORM_ARCHIVE_DELTA)) {
      throw new UnsupportedFormException(key.key, f, "which this version of DeltaGlider cannot read");
    }
    if (form != StoredForm.DELTA) {
      throw new UnsupportedFormException(key.key, f, "which only a .delta object can be");
    }
  }

  private static boolean mangledInTransport(String stored, String name) {
    if (name.chars().allMatch(c -> c < 0x80)) {
      return false; // ASCII travels unchanged everywhere
    }
    return stored.startsWith("=?") || stored.indexOf('?') >= 0 || stored.indexOf('\uFFFD') >= 0;
  }
}
