package io.deltaglider;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Optional content type, user metadata, create-only and per-call controls for {@link DeltaStore#put}. Immutable.
 */
public final class PutOptions {
  private static final PutOptions NONE = new PutOptions(null, Map.of(), false, CallOptions.none());
  private static final int MAX_METADATA_BYTES = 1024;

  private final String contentType;
  private final Map<String, String> userMetadata;
  private final boolean createOnly;
  private final CallOptions call;

  private PutOptions(String contentType, Map<String, String> userMetadata, boolean createOnly, CallOptions call) {
    this.contentType = contentType;
    this.userMetadata = userMetadata;
    this.createOnly = createOnly;
    this.call = call;
  }

  /** No content type and no user metadata. */
  public static PutOptions none() {
    return NONE;
  }

  /**
   * What an existing object already carries, taken over as it is by {@link DeltaStore#copy}: other
   * tools write names this class would refuse (the proxy allows underscores), and the backend
   * stored them once already.
   */
  static PutOptions carriedOver(String contentType, Map<String, String> userMetadata) {
    return new PutOptions(contentType, Map.copyOf(userMetadata), false, CallOptions.none());
  }

  /** Options with only {@link #withCreateOnly(boolean) create-only} set. */
  public static PutOptions createOnly() {
    return NONE.withCreateOnly(true);
  }

  /**
   * A copy that, with {@code true}, makes the put create-only: it fails with
   * {@link ObjectExistsException} when the key already holds an object, in any form, and stores
   * nothing. Within a store this is exact. Across processes it is best effort: the put looks for
   * both forms first, then writes its own form with the backend's create-if-absent, so two
   * create-only puts of the same key that choose the same form have one winner (on a backend
   * whose create-if-absent is atomic); two that choose different forms (one stored whole, the
   * other as a delta) at the same instant may both succeed, and the delta is then the object.
   */
  public PutOptions withCreateOnly(boolean createOnly) {
    return new PutOptions(contentType, userMetadata, createOnly, call);
  }

  /**
   * Options with only a content type, as {@link #withContentType} checks it.
   *
   * @throws NullPointerException if {@code contentType} is null
   * @throws IllegalArgumentException if it is not printable ASCII
   */
  public static PutOptions contentType(String contentType) {
    return NONE.withContentType(contentType);
  }

  /**
   * A copy with this content type (stored as {@code dg-content-type}), replacing any set before.
   *
   * @throws NullPointerException if {@code type} is null
   * @throws IllegalArgumentException if it is not printable ASCII
   */
  public PutOptions withContentType(String type) {
    checkValue("content type", Objects.requireNonNull(type, "type"));
    return new PutOptions(type, userMetadata, createOnly, call);
  }

  /**
   * Adds metadata stored beside the object (as {@code dg-user-NAME}); names are lower-case letters,
   * digits and dashes, values printable ASCII, 1 KiB in all, as S3 user metadata allows.
   */
  public PutOptions withUserMetadata(String name, String value) {
    String n = Objects.requireNonNull(name, "name").toLowerCase(Locale.ROOT);
    if (n.isEmpty() || !n.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
      throw new IllegalArgumentException("metadata name must be letters, digits and dashes: " + name);
    }
    checkValue("metadata value", Objects.requireNonNull(value, "value"));
    Map<String, String> m = new TreeMap<>(userMetadata);
    m.put(n, value);
    int total = m.entrySet().stream().mapToInt(e -> e.getKey().length() + e.getValue().length()).sum();
    if (total > MAX_METADATA_BYTES) {
      throw new IllegalArgumentException("user metadata over " + MAX_METADATA_BYTES + " bytes");
    }
    return new PutOptions(contentType, Map.copyOf(m), createOnly, call);
  }

  private static void checkValue(String what, String v) {
    if (!v.chars().allMatch(c -> c >= 0x20 && c < 0x7F)) {
      throw new IllegalArgumentException(what + " must be printable ASCII: " + v);
    }
  }

  /**
   * A copy with these per-call controls: progress of the bytes read, a deadline, cancellation
   * (see {@link CallOptions}). A put they stop stores nothing and leaves the previous version.
   */
  public PutOptions withCall(CallOptions call) {
    return new PutOptions(contentType, userMetadata, createOnly, Objects.requireNonNull(call, "call"));
  }

  /** The per-call controls ({@link CallOptions#none()} unless set). */
  public CallOptions call() {
    return call;
  }

  /** The content type, or null if none was set. */
  public String contentType() {
    return contentType;
  }

  /** Whether the put only creates: see {@link #withCreateOnly(boolean)}. */
  public boolean isCreateOnly() {
    return createOnly;
  }

  /** User metadata by lower-case name, without the {@code dg-user-} prefix; empty if none, unmodifiable. */
  public Map<String, String> userMetadata() {
    return userMetadata;
  }
}
