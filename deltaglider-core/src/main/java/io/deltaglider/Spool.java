package io.deltaglider;

import com.google.common.util.concurrent.Uninterruptibles;
import io.deltaglider.vcdiff.SourceData;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;

/**
 * Bytes read once with their size and SHA-256 (and, for puts, MD5 from the same read): kept in the
 * heap up to a threshold, spilled to a temp file past it, so a multi-GB object never has to fit in
 * memory. Closing deletes the file.
 */
final class Spool implements Closeable {
  final long size;
  /** Set by the constructor, or by {@link #digesting} for a caller's array hashed in the background. */
  private String sha256;
  /** Hex MD5, the S3 ETag of a single-part upload; null until {@link #md5()} computes it if not read with it. */
  private String md5;
  /** The digests of a caller's array being computed on another thread; null when they are known. */
  private FutureTask<Void> digesting;
  private final byte[] bytes;
  private final Path file;
  private final boolean ownsFile;

  private Spool(long size, String sha256, String md5, byte[] bytes, Path file, boolean ownsFile) {
    this.size = size;
    this.sha256 = sha256;
    this.md5 = md5;
    this.bytes = bytes;
    this.file = file;
    this.ownsFile = ownsFile;
  }

  static Spool of(byte[] bytes) {
    return of(bytes, Runnable::run);
  }

  /**
   * A caller's array, its digests computed on {@code executor} (the caller's thread if it refuses):
   * a put needs them only for the metadata it writes after encoding, so hashing runs beside the
   * encoder instead of before it. {@link #sha256()} and {@link #md5()} wait for them.
   */
  static Spool of(byte[] bytes, Executor executor) {
    Spool s = new Spool(bytes.length, null, null, bytes, null, false);
    s.digesting = new FutureTask<>(() -> {
      Digests d = new Digests(true);
      // In slices, so both digests read each slice while it is still in cache.
      for (int off = 0; off < bytes.length; off += 1 << 16) {
        d.update(bytes, off, Math.min(1 << 16, bytes.length - off));
      }
      s.sha256 = d.sha256();
      s.md5 = d.md5();
      return null;
    });
    try {
      executor.execute(s.digesting);
    } catch (RejectedExecutionException e) {
      s.digesting.run();
    }
    return s;
  }

  /** Lower-case hex SHA-256 of the bytes. */
  String sha256() {
    awaitDigests();
    return sha256;
  }

  private void awaitDigests() {
    if (digesting != null) {
      try {
        // Bounded CPU work on bytes in memory: not worth abandoning on interrupt.
        Uninterruptibles.getUninterruptibly(digesting);
      } catch (ExecutionException e) {
        throw new IllegalStateException("hashing failed", e.getCause());
      }
    }
  }

  /** Reads a caller's file in place (it must not change during the operation). */
  static Spool ofFile(Path path, String key, long maxSize) throws IOException {
    long size = Files.size(path);
    if (size > maxSize) {
      throw new ObjectTooLargeException(key, size, maxSize);
    }
    Digests d = new Digests(true);
    byte[] buf = new byte[1 << 16];
    long n = 0;
    try (InputStream in = Files.newInputStream(path)) {
      for (int r; (r = in.read(buf)) > 0; ) {
        d.update(buf, 0, r);
        n += r;
      }
    }
    if (n != size) {
      throw new IOException(path + " changed while it was being read");
    }
    return new Spool(size, d.sha256(), d.md5(), null, path, false);
  }

  /** Reads a stream to its end: in memory up to {@code threshold} bytes, then into a temp file. */
  static Spool read(InputStream in, String key, long maxSize, int threshold, Path tempDir) throws IOException {
    return read(in, key, maxSize, threshold, tempDir, false);
  }

  /** As above; {@code withMd5} also computes the MD5 in the same pass (puts need it, reference loads do not). */
  static Spool read(InputStream in, String key, long maxSize, int threshold, Path tempDir, boolean withMd5)
      throws IOException {
    Digests d = new Digests(withMd5);
    ByteArrayOutputStream mem = new ByteArrayOutputStream();
    byte[] buf = new byte[1 << 16];
    long n = 0;
    Path file = null;
    OutputStream out = mem;
    try {
      for (int r; (r = in.read(buf)) >= 0; ) {
        if (r == 0) {
          continue;
        }
        n += r;
        if (n > maxSize) {
          throw new ObjectTooLargeException(key, n, maxSize);
        }
        d.update(buf, 0, r);
        if (file == null && n > threshold) {
          file = TempFiles.create(tempDir);
          out = Files.newOutputStream(file);
          mem.writeTo(out);
          mem = null;
        }
        out.write(buf, 0, r);
      }
      if (file != null) {
        out.close();
        return new Spool(n, d.sha256(), d.md5(), null, file, true);
      }
      return new Spool(n, d.sha256(), d.md5(), mem.toByteArray(), null, false);
    } catch (IOException | RuntimeException e) {
      if (file != null) {
        try {
          out.close();
        } catch (IOException ignored) {
          // already failing
        }
        TempFiles.delete(file);
      }
      throw e;
    }
  }

  /** A spool over a reconstructed object that is already verified (for copy). */
  static Spool verified(long size, String sha256, byte[] bytes, Path file) {
    return new Spool(size, sha256, null, bytes, file, file != null);
  }

  /** The hex MD5 of the bytes; computed here (one more read) only for spools not read with it (copies). */
  String md5() throws IOException {
    awaitDigests();
    if (md5 == null) {
      MessageDigest d = Digests.newMd5();
      if (bytes != null) {
        d.update(bytes);
      } else {
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
          for (int r; (r = in.read(buf)) > 0; ) {
            d.update(buf, 0, r);
          }
        }
      }
      md5 = Sha256.hex(d.digest());
    }
    return md5;
  }

  boolean inMemory() {
    return bytes != null;
  }

  byte[] bytes() {
    return bytes;
  }

  Path file() {
    return file;
  }

  InputStream open() throws IOException {
    return bytes != null ? new ByteArrayInputStream(bytes) : Files.newInputStream(file);
  }

  Payload payload() throws IOException {
    return bytes != null ? Payload.of(bytes) : Payload.of(file);
  }

  SourceData source() throws IOException {
    return bytes != null ? SourceData.of(bytes) : SourceData.open(file);
  }

  @Override
  public void close() {
    if (ownsFile && file != null) {
      TempFiles.delete(file);
    }
  }
}
