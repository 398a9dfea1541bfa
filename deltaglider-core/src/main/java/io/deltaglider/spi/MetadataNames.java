package io.deltaglider.spi;

/**
 * The names of DeltaGlider's object metadata as the store reads and writes them (FORMAT.md
 * section 3): lower-case ASCII, without any transport prefix (S3 adds {@code x-amz-meta-}; the
 * filesystem backend's JSON spells them its own way). Values are strings; the digests, sizes,
 * dates and notes are ASCII, while names and paths ({@link #ORIGINAL_NAME}, {@link #SOURCE_NAME},
 * {@link #REF_KEY}, {@link #DELTA_CMD}) carry the key's characters, which S3 metadata may not
 * carry unchanged (FORMAT.md section 3.4). Readers also accept older spellings (bare names,
 * underscores); see FORMAT.md section 3.3.
 */
public final class MetadataNames {
  private MetadataNames() {}

  /** The tool and version that wrote the object, e.g. {@code deltaglider-java/0.1.0}. */
  public static final String TOOL = "dg-tool";
  /** The user object's name (the last key segment); {@value #REFERENCE_NAME} on a reference. */
  public static final String ORIGINAL_NAME = "dg-original-name";
  /** Lower-case hex SHA-256 of the original bytes: what every read is verified against. */
  public static final String FILE_SHA256 = "dg-file-sha256";
  /** Size of the original bytes, decimal. */
  public static final String FILE_SIZE = "dg-file-size";
  /** Lower-case hex MD5 of the original bytes (the S3 ETag of a single-part upload). */
  public static final String MD5 = "dg-md5";
  /** When it was stored, ISO-8601 UTC ending in {@code Z}. */
  public static final String CREATED_AT = "dg-created-at";
  /** {@code reference}, {@code delta} or {@code passthrough} (older: {@code zero-diff...}, {@code direct}). */
  public static final String NOTE = "dg-note";
  /** On a reference: the name of the object it was made from. */
  public static final String SOURCE_NAME = "dg-source-name";
  /** On a delta: the key of the reference it was made against (other tools: from the bucket root). */
  public static final String REF_KEY = "dg-ref-key";
  /** On a delta: the reference's path relative to the delta's deltaspace ({@code reference.bin}). */
  public static final String REF_PATH = "dg-ref-path";
  /** On a delta: the SHA-256 of the reference it was made against. */
  public static final String REF_SHA256 = "dg-ref-sha256";
  /** On a delta: the delta's own size, decimal. */
  public static final String DELTA_SIZE = "dg-delta-size";
  /** On a delta: the command that made it (informational). */
  public static final String DELTA_CMD = "dg-delta-cmd";
  /**
   * On a delta stored in a form other than a plain VCDIFF delta: the form's name, so far only
   * {@value #FORM_ARCHIVE_DELTA} (this library's, opt-in; FORMAT.md section 9.8). Absent on plain
   * deltas and whole objects. A reader must refuse an object whose form it does not know.
   */
  public static final String FORM = "dg-form";
  /** {@link #FORM} of an archive-aware delta (FORMAT.md section 9.8). */
  public static final String FORM_ARCHIVE_DELTA = "archive-delta";
  /** On a whole object: {@code none}. */
  public static final String COMPRESSION = "dg-compression";
  /**
   * On a whole object over one chunk: the chunk size of {@link #CHUNK_SHA256}, decimal, a multiple
   * of 1 MiB (this library's; other tools ignore it; FORMAT.md section 3.6).
   */
  public static final String CHUNK_SIZE = "dg-chunk-size";
  /**
   * On a whole object over one chunk: each chunk's digest (the SHA-256 of the SHA-256s of its 1 MiB
   * blocks) as 43 characters of unpadded base64url, concatenated, so that a range can be verified
   * without reading the whole object (this library's; other tools ignore it; FORMAT.md section 3.6).
   */
  public static final String CHUNK_SHA256 = "dg-chunk-sha256";
  /** The caller's content type (this library's; other tools ignore it). */
  public static final String CONTENT_TYPE = "dg-content-type";
  /** Prefix of the caller's own metadata entries (this library's; other tools ignore them). */
  public static final String USER_PREFIX = "dg-user-";
  /**
   * Reserved for an encryption layer between the store and its backend ({@code deltaglider-encryption},
   * FORMAT.md section 10): the store never writes names with this prefix, and that layer removes its
   * own from what it returns.
   */
  public static final String ENCRYPTION_PREFIX = "dg-enc-";
  /** {@link #ORIGINAL_NAME} of a deltaspace's reference, as the DeltaGlider proxy writes it. */
  public static final String REFERENCE_NAME = "__reference__";
}
