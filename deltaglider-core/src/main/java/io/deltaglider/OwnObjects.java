package io.deltaglider;

import io.deltaglider.spi.BlobInfo;
import java.util.Map;

/**
 * Which stored objects are DeltaGlider's own deltas and references (FORMAT.md section 2.7): those
 * under the layout's names ({@code x.delta}, {@code reference.bin}) whose metadata is
 * DeltaGlider's. The same names without it are files another tool put there, plain files under
 * their raw keys. Where the metadata is unknown (an S3 listing carries none), the name decides.
 */
final class OwnObjects {
  private OwnObjects() {}

  /** Whether a raw key has a name the layout gives its own objects (exactly as it writes them). */
  static boolean hasLayoutName(String rawKey) {
    String name = rawKey.substring(rawKey.lastIndexOf('/') + 1);
    return name.equals(ObjectKey.REFERENCE) || name.endsWith(ObjectKey.DELTA_SUFFIX);
  }

  /** Whether metadata read from the backend (a head's, or a listing's that carries it) is DeltaGlider's. */
  static boolean isOurs(Map<String, String> metadata) {
    return StoredMetadata.parse(metadata).isDeltaGlider();
  }

  /** Whether this object, its metadata known, is a foreign file under a layout name. */
  static boolean isForeignUnderLayoutName(BlobInfo o) {
    return o.metadataIncluded() && hasLayoutName(o.key()) && !isOurs(o.metadata());
  }

  /**
   * The user key a raw object shows as, or null for a reference: its raw key for a foreign file
   * under a layout name if {@code useMetadata} and its metadata is known, else by the name alone.
   */
  static String userKeyOf(BlobInfo o, boolean useMetadata) {
    if (useMetadata && isForeignUnderLayoutName(o)) {
      return o.key();
    }
    return ObjectKey.userKeyOf(o.key());
  }
}
