package io.deltaglider;

/**
 * Told what a store does, for metrics and tracing ({@link DeltaStoreBuilder#observer}); the
 * {@code deltaglider-micrometer} module turns these calls into meters. Every method has an empty
 * default, runs on the thread doing the work, and must be quick and thread-safe; an exception it
 * throws is logged and ignored, never fails the store's call.
 */
public interface StoreObserver {
  /** The kinds of public calls a store reports. */
  enum Operation {
    /** {@link DeltaStore#put} in all its forms. */
    PUT,
    /** {@link DeltaStore#get}, {@link DeltaStore#open(String)}, {@link DeltaStore#copyTo}. */
    GET,
    /** {@link DeltaStore#open(String, ByteRange)} and its other form. */
    GET_RANGE,
    /** {@link DeltaStore#head}, {@link DeltaStore#exists}. */
    HEAD,
    /** {@link DeltaStore#delete} in both forms and {@link DeltaStore#deleteAll}. */
    DELETE,
    /** {@link DeltaStore#copy}. */
    COPY,
    /** {@link DeltaStore#list}, {@link DeltaStore#listDetailed}, {@link DeltaStore#listAll}. */
    LIST,
    /** {@link DeltaStore#stats}, {@link DeltaStore#statsExact}. */
    STATS,
    /** {@link DeltaStore#verify}, {@link DeltaStore#cleanup}, {@link DeltaStore#migrate}, {@link DeltaStore#upgradeMetadata}. */
    MAINTENANCE
  }

  /** How a call ended. */
  enum Outcome {
    /** It returned normally. */
    SUCCESS,
    /** No such object ({@link ObjectNotFoundException}). */
    NOT_FOUND,
    /** A stored object or reference failed its checks ({@link IntegrityException}). */
    INTEGRITY_FAILURE,
    /** The backend failed or is full ({@link BackendException}, {@link StorageFullException}). */
    BACKEND_ERROR,
    /** Stopped by its {@link CallOptions} or an interrupt ({@link OperationCancelledException}). */
    CANCELLED,
    /** Refused: bad key, too large, exists, precondition, range ({@link DeltaStoreException}s of the caller's making). */
    REJECTED,
    /** Anything else: an unexpected exception. */
    ERROR
  }

  /**
   * A public call ended.
   *
   * @param nanos how long it took
   */
  default void operation(Operation operation, Outcome outcome, long nanos) {}

  /**
   * A put stored an object.
   *
   * @param originalBytes the object's size
   * @param storedBytes what it takes in the backend (the delta's size for a delta, not counting its reference)
   */
  default void stored(StoredForm form, long originalBytes, long storedBytes) {}

  /**
   * An encode against a reference finished (not the zero-diff delta, which costs no matching).
   *
   * @param targetBytes the bytes encoded
   * @param deltaBytes the delta's size
   * @param nanos time spent encoding, with its codec slot held
   */
  default void encoded(long targetBytes, long deltaBytes, long nanos) {}

  /**
   * A delta was decoded (verified afterwards).
   *
   * @param targetBytes the bytes decoded
   * @param nanos time spent decoding, with its codec slot held
   */
  default void decoded(long targetBytes, long nanos) {}

  /** The outcome a failure maps to. */
  static Outcome outcomeOf(Throwable failure) {
    if (failure == null) {
      return Outcome.SUCCESS;
    }
    if (failure instanceof ObjectNotFoundException) {
      return Outcome.NOT_FOUND;
    }
    if (failure instanceof IntegrityException) {
      return Outcome.INTEGRITY_FAILURE;
    }
    if (failure instanceof BackendException || failure instanceof StorageFullException) {
      return Outcome.BACKEND_ERROR;
    }
    if (failure instanceof OperationCancelledException) {
      return Outcome.CANCELLED;
    }
    if (failure instanceof DeltaStoreException || failure instanceof IllegalArgumentException) {
      return Outcome.REJECTED;
    }
    return Outcome.ERROR;
  }
}
