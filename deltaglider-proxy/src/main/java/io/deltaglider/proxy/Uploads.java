package io.deltaglider.proxy;

import io.deltaglider.PutOptions;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where multipart uploads in progress keep their state and parts until completion: the gateway's
 * work directory ({@link LocalUploads}, one gateway) or the store itself ({@link SharedUploads},
 * every gateway over the store). {@link MultipartOps} speaks S3 and does not care which.
 */
interface Uploads {
  int MAX_PARTS = 10_000;

  /**
   * Starts an upload of {@code bucket}/{@code key} under a new random id.
   *
   * @param initiator the access key id that begins it
   */
  Upload create(String bucket, String key, String initiator, PutOptions options) throws IOException;

  /** The upload of this id for this bucket and key, or {@code NoSuchUpload} (also for an id no upload can have). */
  default Upload get(String id, String bucket, String key) throws IOException {
    Upload u = load(id);
    if (u == null || !u.bucket().equals(bucket) || !u.key().equals(key)) {
      throw noSuchUpload(id);
    }
    return u;
  }

  /** The upload of this id, or null if there is none (or no upload can have that id). */
  Upload load(String id) throws IOException;

  /** Runs {@code action} with the upload's other operations of this gateway held off, after checking it still exists. */
  <T> T locked(Upload u, IoAction<T> action) throws IOException;

  /** Stores a received part, replacing one of the same number (the last write wins, as in S3). */
  Part putPart(Upload u, int number, ReceivedBody body) throws IOException;

  /** The parts stored so far, by number. */
  List<Part> parts(Upload u) throws IOException;

  /**
   * The bytes of {@code parts}, one after the other, each opened only when reached. A read fails
   * if a part is gone or no longer what was listed, or, at the end, if the upload was removed
   * meanwhile: a put fed by it then stores nothing.
   */
  InputStream content(Upload u, List<Part> parts) throws IOException;

  /** Removes an upload and its parts; it no longer exists from the first step on. */
  void remove(Upload u) throws IOException;

  /** Every upload in progress, in no particular order. */
  List<Upload> all() throws IOException;

  /**
   * An upload in progress.
   *
   * @param id the upload id
   * @param bucket its bucket
   * @param key its key in the bucket
   * @param initiator the access key id that began it
   * @param initiated when it began
   * @param options content type and metadata for the object
   */
  record Upload(String id, String bucket, String key, String initiator, Instant initiated, PutOptions options) {}

  /**
   * A stored part.
   *
   * @param number its part number
   * @param etag MD5 of its bytes, hex
   * @param size its length
   * @param modified when it was stored
   */
  record Part(int number, String etag, long size, Instant modified) {}

  /** An action on an upload. */
  interface IoAction<T> {
    T run() throws IOException;
  }

  /** 32 random hex digits: 128 bits, never reused, and safe in a path or key. */
  static String newId() {
    byte[] b = new byte[16];
    Ids.RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /** Whether {@code id} is one {@link #newId} could have made; checked before an id goes into a path or key. */
  static boolean validId(String id) {
    return id != null && Ids.FORMAT.matcher(id).matches();
  }

  static String partName(int number) {
    return String.format("part-%05d", number);
  }

  /** The number of a part named by {@link #partName}, or -1 for any other name. */
  static int partNumber(String name) {
    if (name.length() != 10 || !name.startsWith("part-")) {
      return -1;
    }
    for (int i = 5; i < 10; i++) {
      if (name.charAt(i) < '0' || name.charAt(i) > '9') {
        return -1;
      }
    }
    int n = Integer.parseInt(name.substring(5));
    return n >= 1 && n <= MAX_PARTS ? n : -1;
  }

  static S3Exception noSuchUpload(String id) {
    return new S3Exception(S3ErrorCode.NO_SUCH_UPLOAD).detail("UploadId", id);
  }

  /**
   * Thrown by a read of {@link #content} when the upload changed under it (another gateway
   * aborted it or replaced a part): carries the answer for the client through the store's put,
   * which fails and stores nothing.
   */
  final class Changed extends IOException {
    private static final long serialVersionUID = 1L;
    final transient S3Exception answer;

    Changed(S3Exception answer) {
      super(answer.getMessage());
      this.answer = answer;
    }

    /** The answer a {@code Changed} somewhere in {@code e}'s causes carries, else {@code e}. */
    static S3Exception answerFor(S3Exception e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof Changed c) {
          return c.answer;
        }
      }
      return e;
    }
  }

  /** Holder of the interface's shared state (interfaces cannot have private fields). */
  final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern FORMAT = Pattern.compile("[0-9a-f]{32}");

    private Ids() {}
  }
}
