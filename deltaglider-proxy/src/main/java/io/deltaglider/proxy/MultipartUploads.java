package io.deltaglider.proxy;

import io.deltaglider.PutOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Multipart uploads in progress, on disk under {@code work/uploads/ID/}: {@code upload.properties}
 * (bucket, key, content type, metadata, time) and each part as {@code part-NNNNN} with its
 * {@code part-NNNNN.properties} (ETag, size, time), each written whole and renamed into place.
 * Memory stays bounded whatever the parts' sizes. Upload ids are 32 random hex digits, checked
 * before they are used in a path. A lock per upload (striped) keeps a completion, an abort and a part
 * from interleaving.
 */
final class MultipartUploads {
  static final int MAX_PARTS = 10_000;
  private static final SecureRandom IDS = new SecureRandom();

  private final Path dir;
  private final Clock clock;
  private final ReentrantLock[] locks = new ReentrantLock[64];

  MultipartUploads(Path work, Clock clock) {
    this.dir = work.resolve("uploads");
    this.clock = clock;
    for (int i = 0; i < locks.length; i++) {
      locks[i] = new ReentrantLock();
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

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
   * @param file its bytes
   */
  record Part(int number, String etag, long size, Instant modified, Path file) {}

  Upload create(String bucket, String key, String initiator, PutOptions options) throws IOException {
    byte[] b = new byte[16];
    IDS.nextBytes(b);
    String id = HexFormat.of().formatHex(b);
    Path d = dir.resolve(id);
    Files.createDirectory(d);
    Properties p = new Properties();
    p.setProperty("bucket", bucket);
    p.setProperty("key", key);
    p.setProperty("initiator", initiator);
    Instant now = clock.instant();
    p.setProperty("initiated", now.toString());
    UploadOptions.save(options, p);
    writeProperties(d.resolve("upload.properties"), p);
    return new Upload(id, bucket, key, initiator, now, options);
  }

  /** The upload of this id for this bucket and key, or {@code NoSuchUpload}. */
  Upload get(String id, String bucket, String key) {
    Upload u = load(id);
    if (u == null || !u.bucket().equals(bucket) || !u.key().equals(key)) {
      throw noSuchUpload(id);
    }
    return u;
  }

  /** Runs {@code action} holding the upload's lock, after checking it still exists. */
  <T> T locked(Upload u, IoAction<T> action) throws IOException {
    ReentrantLock lock = locks[Math.floorMod(u.id().hashCode(), locks.length)];
    lock.lock();
    try {
      if (!Files.exists(dir.resolve(u.id()).resolve("upload.properties"))) {
        throw noSuchUpload(u.id());
      }
      return action.run();
    } finally {
      lock.unlock();
    }
  }

  /** Stores a received part (replacing one of the same number). */
  Part putPart(Upload u, int number, ReceivedBody body) throws IOException {
    return locked(u, () -> {
      Path d = dir.resolve(u.id());
      String name = partName(number);
      Path data = d.resolve(name);
      Path tmp = Files.createTempFile(d, name, ".tmp");
      body.moveTo(tmp);
      Files.move(tmp, data, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      Properties p = new Properties();
      Instant now = clock.instant();
      p.setProperty("etag", body.md5Hex());
      p.setProperty("size", Long.toString(body.length()));
      p.setProperty("modified", now.toString());
      writeProperties(d.resolve(name + ".properties"), p);
      return new Part(number, body.md5Hex(), body.length(), now, data);
    });
  }

  /** The parts stored so far, by number. */
  List<Part> parts(Upload u) throws IOException {
    Path d = dir.resolve(u.id());
    List<Part> out = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(d, "part-?????.properties")) {
      for (Path meta : s) {
        String f = meta.getFileName().toString();
        int number = Integer.parseInt(f.substring(5, 10));
        Properties p = readProperties(meta);
        out.add(new Part(number, p.getProperty("etag"), Long.parseLong(p.getProperty("size")),
            Instant.parse(p.getProperty("modified")), d.resolve(partName(number))));
      }
    } catch (java.nio.file.NoSuchFileException e) {
      throw noSuchUpload(u.id());
    }
    out.sort((a, b) -> Integer.compare(a.number(), b.number()));
    return out;
  }

  /** Removes an upload and its parts. */
  void remove(Upload u) throws IOException {
    Path d = dir.resolve(u.id());
    Files.deleteIfExists(d.resolve("upload.properties")); // first: from here on it no longer exists
    FileTrees.deleteRecursively(d);
  }

  /** Every upload in progress, in no particular order. */
  List<Upload> all() throws IOException {
    List<Upload> out = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      for (Path d : s) {
        Upload u = load(d.getFileName().toString());
        if (u != null) {
          out.add(u);
        }
      }
    }
    return out;
  }

  private Upload load(String id) {
    if (id == null || !id.matches("[0-9a-f]{32}")) {
      return null;
    }
    try {
      Properties p = readProperties(dir.resolve(id).resolve("upload.properties"));
      return new Upload(id, p.getProperty("bucket"), p.getProperty("key"), p.getProperty("initiator"),
          Instant.parse(p.getProperty("initiated")), UploadOptions.load(p));
    } catch (IOException | RuntimeException e) {
      return null; // gone, or half-written by a crash: not an upload
    }
  }

  static String partName(int number) {
    return String.format("part-%05d", number);
  }

  static S3Exception noSuchUpload(String id) {
    return new S3Exception(S3ErrorCode.NO_SUCH_UPLOAD).detail("UploadId", id);
  }

  private static Properties readProperties(Path f) throws IOException {
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(f)) {
      p.load(in);
    }
    return p;
  }

  private static void writeProperties(Path target, Properties p) throws IOException {
    Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
    try (OutputStream out = Files.newOutputStream(tmp)) {
      p.store(out, null);
    }
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** An action on an upload's files. */
  interface IoAction<T> {
    T run() throws IOException;
  }
}
