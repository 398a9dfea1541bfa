package io.deltaglider;

import io.deltaglider.spi.Payload;
import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;

/**
 * A put's content with its size and SHA-256 (and MD5): bytes in the heap up to a threshold, a
 * temp file past it, so a multi-GB object never has to fit in memory, or a caller's file read in
 * place. Closing deletes an owned temp file.
 *
 * <p>A caller's file may change while the put runs, so its digests are those of its first full
 * read ({@link RecordingInputStream}: the encoder's read, or a hashing pass when nothing encodes it
 * first), and every later read is checked against them ({@link VerifyingInputStream}): a put never
 * stores bytes other than those its metadata describes.
 */
final class Spool implements Closeable {
  final long size;
  /** Set by the constructor, by {@link #digesting}, or by the first read of a caller's file. */
  private String sha256;
  /** Hex MD5, the S3 ETag of a single-part upload; null until known. */
  private String md5;
  /**
   * The 1 MiB blocks' SHA-256s ({@link BlockHasher}), recorded with the other digests when the
   * content may be over one chunk ({@link ChunkDigests#wanted}); null otherwise or until known.
   */
  private byte[] blockDigests;
  /** The digests of a caller's array being computed on another thread; null when they are known. */
  private FutureTask<Void> digesting;
  /**
   * The digests of a read stream, or of the first read of a caller's file, whose last pieces are
   * still being hashed on another thread; null when they are known. Left to finish beside the
   * encode rather than before it starts.
   */
  private PipelinedDigests readDigests;
  /** Closed before {@link #readDigests} finished: its digests were abandoned and must never be read. */
  private boolean closedUnhashed;
  private final byte[] bytes;
  private final Path file;
  private final boolean ownsFile;
  /** Hashes the first read of a caller's file; null for every other kind of spool. */
  private final Executor callersFileHashing;
  /** Set once the first read of a caller's file has started. */
  private boolean recording;

  private Spool(long size, String sha256, String md5, byte[] bytes, Path file, boolean ownsFile, Executor hashing) {
    this(size, sha256, md5, null, bytes, file, ownsFile, hashing);
  }

  private Spool(long size, String sha256, String md5, byte[] blockDigests, byte[] bytes, Path file, boolean ownsFile,
      Executor hashing) {
    this.size = size;
    this.sha256 = sha256;
    this.md5 = md5;
    this.blockDigests = blockDigests;
    this.bytes = bytes;
    this.file = file;
    this.ownsFile = ownsFile;
    this.callersFileHashing = hashing;
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
    Spool s = new Spool(bytes.length, null, null, bytes, null, false, null);
    s.digesting = new FutureTask<>(() -> {
      Digests d = new Digests(true, ChunkDigests.wanted(bytes.length));
      // In slices, so every digest reads each slice while it is still in cache.
      for (int off = 0; off < bytes.length; off += 1 << 16) {
        d.update(bytes, off, Math.min(1 << 16, bytes.length - off));
      }
      s.sha256 = d.sha256();
      s.md5 = d.md5();
      s.blockDigests = d.blockDigests();
      return null;
    });
    try {
      executor.execute(s.digesting);
    } catch (RejectedExecutionException e) {
      s.digesting.run();
    }
    return s;
  }

  /**
   * A caller's regular file, read in place (not copied): its size as of now, its digests from its
   * first full read, hashed on {@code hashing} beside the reader. See the class comment.
   */
  static Spool callersFile(Path path, long size, Executor hashing) {
    return new Spool(size, null, null, null, path, false, hashing);
  }

  /** Reads a stream to its end: in memory up to {@code threshold} bytes, then into a temp file. */
  static Spool read(InputStream in, String key, long maxSize, int threshold, Path tempDir) throws IOException {
    return read(in, key, maxSize, threshold, tempDir, false);
  }

  /**
   * As above; {@code withMd5} also computes the MD5 and the 1 MiB blocks' digests (for chunk
   * digests: the size is not known in advance) in the same pass (puts need them, reference loads
   * do not).
   */
  static Spool read(InputStream in, String key, long maxSize, int threshold, Path tempDir, boolean withMd5)
      throws IOException {
    return read(in, key, maxSize, threshold, tempDir, withMd5, Runnable::run);
  }

  /**
   * As above, hashing on {@code hashing} beside the reading once the stream is past 1 MiB (below
   * that a hand-over costs more than it saves). Each read goes into a fresh buffer, because the
   * hashing thread holds on to the pieces until it gets to them; the queue is bounded.
   */
  static Spool read(InputStream in, String key, long maxSize, int threshold, Path tempDir, boolean withMd5,
      Executor hashing) throws IOException {
    long[] seen = {0};
    Executor beside = task -> {
      if (seen[0] >= (1 << 20)) {
        hashing.execute(task);
      } else {
        task.run();
      }
    };
    PipelinedDigests d = new PipelinedDigests(beside, withMd5, withMd5, RecordingInputStream.MAX_QUEUED);
    // Up to the threshold the pieces read are kept as they are (each is a buffer of its own) and
    // joined once at the end: a growing array would copy the content about three times over.
    List<byte[]> pieces = new ArrayList<>();
    List<Integer> lengths = new ArrayList<>();
    long n = 0;
    Path file = null;
    OutputStream out = null;
    try {
      byte[] buf = new byte[1 << 16];
      // Each buffer filled before the next (a network stream may return a few KB a read): the
      // pieces kept then hold no more memory than the content.
      for (int r; (r = fill(in, buf)) > 0; ) {
        n += r;
        if (n > maxSize) {
          throw new ObjectTooLargeException(key, n, maxSize);
        }
        seen[0] = n;
        d.decoded(buf, 0, r);
        if (file == null && n > threshold) {
          file = TempFiles.create(tempDir);
          out = TempFiles.output(file);
          for (int i = 0; i < pieces.size(); i++) {
            out.write(pieces.get(i), 0, lengths.get(i));
          }
          pieces = null;
        }
        if (out != null) {
          out.write(buf, 0, r);
        } else {
          pieces.add(buf);
          lengths.add(r);
        }
        buf = new byte[buf.length];
      }
      Spool s;
      if (file != null) {
        out.close();
        s = new Spool(n, null, null, null, null, file, true, null);
      } else {
        s = new Spool(n, null, null, null, join(pieces, lengths, (int) n), null, false, null);
      }
      // Every piece handed to the hashing is a buffer of its own, never reused: the hashing of
      // the last of them may go on while the caller encodes (a put waited for it here, which
      // made put(InputStream) 25-36 % slower than the bare encode).
      s.readDigests = d;
      return s;
    } catch (IOException | RuntimeException e) {
      d.abandon();
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


  /** Reads until {@code buf} is full or the stream ends (by {@code read} alone, which every stream implements). */
  private static int fill(InputStream in, byte[] buf) throws IOException {
    int n = 0;
    for (int r; n < buf.length && (r = in.read(buf, n, buf.length - n)) >= 0; ) {
      n += r;
    }
    return n;
  }

  private static byte[] join(List<byte[]> pieces, List<Integer> lengths, int total) {
    byte[] all = new byte[total];
    int at = 0;
    for (int i = 0; i < pieces.size(); i++) {
      System.arraycopy(pieces.get(i), 0, all, at, lengths.get(i));
      at += lengths.get(i);
    }
    return all;
  }

  /** A spool over a reconstructed object that is already verified (for copy). */
  static Spool verified(long size, String sha256, byte[] bytes, Path file) {
    return new Spool(size, sha256, null, bytes, file, file != null, null);
  }

  private boolean isCallersFile() {
    return callersFileHashing != null;
  }

  /** Lower-case hex SHA-256 of the bytes; for a caller's file not read yet, this reads it. */
  String sha256() throws IOException {
    awaitDigests();
    if (isCallersFile() && knownSha256() == null) {
      recordByHashing();
      awaitDigests();
    }
    return knownSha256();
  }

  private synchronized String knownSha256() {
    return sha256;
  }

  /** {@link #sha256()} for a put of {@code k}: a failure to read becomes the store's exception. */
  String sha256Of(ObjectKey k) throws DeltaStoreException {
    return IoErrors.io(this::sha256, "reading the content of " + k);
  }

  /** {@link #md5()} for a put of {@code k}. */
  String md5Of(ObjectKey k) throws DeltaStoreException {
    return IoErrors.io(this::md5, "reading the content of " + k);
  }

  /** Whether digests of bytes already read are still being computed (nobody has asked for them yet). */
  synchronized boolean hashingBehind() {
    return readDigests != null;
  }

  /** Whether two threads may read it at once: anything but a caller's file whose first read has not finished. */
  synchronized boolean readableConcurrently() {
    return !isCallersFile() || sha256 != null || readDigests != null;
  }

  /** The SHA-256 of a spool whose digests are known without reading (every kind but an unread caller's file). */
  String recordedSha256() {
    awaitDigests();
    String sha = knownSha256();
    if (sha == null) {
      throw new IllegalStateException("the digest of " + file + " is not recorded yet");
    }
    return sha;
  }

  /**
   * The hex MD5 of the bytes; computed here (one more read, which also records the blocks' digests
   * for chunk digests) only for spools not read with it (copies).
   */
  String md5() throws IOException {
    sha256();
    synchronized (this) {
      if (md5 != null) {
        return md5;
      }
    }
    MessageDigest d = Digests.newMd5();
    BlockHasher blocks = ChunkDigests.wanted(size) ? new BlockHasher() : null;
    byte[] buf = new byte[1 << 16];
    try (InputStream in = open()) {
      for (int r; (r = in.read(buf)) >= 0; ) {
        d.update(buf, 0, r);
        if (blocks != null) {
          blocks.update(buf, 0, r);
        }
      }
    }
    String hex = Sha256.hex(d.digest());
    synchronized (this) {
      md5 = hex;
      blockDigests = blocks == null ? null : blocks.finish();
    }
    return hex;
  }

  /**
   * The chunk digests of the bytes for a whole object's metadata (FORMAT.md section 3.6), from the
   * pass that computed the SHA-256 and MD5; null for content of one chunk or less.
   */
  ChunkDigests chunkDigestsOf(ObjectKey k) throws DeltaStoreException {
    md5Of(k);
    synchronized (this) {
      return ChunkDigests.fromBlocks(size, blockDigests);
    }
  }

  private void awaitDigests() {
    PipelinedDigests pending;
    synchronized (this) {
      pending = readDigests;
    }
    if (pending != null) {
      finishReadDigests(pending);
    }
    if (digesting != null) {
      digesting.run(); // a no-op if a thread took it; else hashed here (the executor may be busy)
      // Bounded CPU work on bytes in memory: not worth abandoning on interrupt.
      boolean interrupted = false;
      try {
        while (true) {
          try {
            digesting.get();
            return;
          } catch (InterruptedException e) {
            interrupted = true;
          } catch (ExecutionException e) {
            throw new IllegalStateException("hashing failed", e.getCause());
          }
        }
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  /**
   * Waits for the hashing of a read stream. Bounded CPU work on pieces already read (at most
   * {@link RecordingInputStream#MAX_QUEUED} bytes were left when the read ended), so an interrupt
   * does not abandon it; the flag is kept for the caller's next blocking step.
   */
  private void finishReadDigests(PipelinedDigests d) {
    synchronized (this) {
      if (closedUnhashed) {
        throw new IllegalStateException("the spool was closed before its content was hashed");
      }
    }
    boolean interrupted = false;
    try {
      while (true) {
        try {
          String sha = d.finish();
          synchronized (this) {
            if (readDigests == d) {
              sha256 = sha;
              md5 = d.md5();
              blockDigests = d.blockDigests();
              readDigests = null;
            }
          }
          return;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The first read of a caller's file when nothing encodes it first: a pass that only hashes. */
  private void recordByHashing() throws IOException {
    byte[] buf = new byte[1 << 16];
    try (InputStream in = open()) {
      while (in.read(buf) >= 0) {
        // the RecordingInputStream hashes what passes
      }
    }
  }

  /** The temp file holding a spool that is not in memory (null for a caller's file, which is not ours to hand out). */
  Path file() {
    return isCallersFile() ? null : file;
  }

  boolean inMemory() {
    return bytes != null;
  }

  byte[] bytes() {
    return bytes;
  }

  /**
   * The bytes from the start. For a caller's file the first call records the digests (that
   * stream must be read to its end) and later calls are checked against them.
   */
  InputStream open() throws IOException {
    if (bytes != null) {
      return new ByteArrayInputStream(bytes);
    }
    if (!isCallersFile()) {
      return Files.newInputStream(file);
    }
    awaitDigests(); // a first read that ended: its digests, to check this read against
    String recorded;
    synchronized (this) {
      recorded = sha256;
      if (recorded == null) {
        if (recording) {
          throw new IllegalStateException("the first read of " + file + " has not finished");
        }
        recording = true;
      }
    }
    InputStream in = Files.newInputStream(file);
    if (recorded != null) {
      return new VerifyingInputStream(in, size, recorded, file.toString());
    }
    PipelinedDigests digests = new PipelinedDigests(callersFileHashing, true, ChunkDigests.wanted(size),
        RecordingInputStream.MAX_QUEUED);
    return new RecordingInputStream(in, size, digests, file.toString(), d -> {
      synchronized (this) {
        readDigests = d; // finished by the first caller that needs them (awaitDigests)
      }
    });
  }

  /**
   * The bytes for a backend. A caller's file is offered as a stream only, never as a path a
   * backend could read directly, so every byte it stores passes the check against the digest.
   */
  Payload payload() throws IOException {
    if (bytes != null) {
      return Payload.of(bytes);
    }
    if (!isCallersFile()) {
      return Payload.of(file);
    }
    sha256();
    return new Payload() {
      @Override
      public long length() {
        return size;
      }

      @Override
      public InputStream open() throws IOException {
        return Spool.this.open();
      }
    };
  }

  @Override
  public void close() {
    PipelinedDigests pending;
    synchronized (this) {
      pending = readDigests;
    }
    if (pending != null) {
      pending.abandon(); // a put that fails early need not wait for digests nobody will read
      synchronized (this) {
        closedUnhashed = true;
      }
    }
    if (ownsFile && file != null) {
      TempFiles.delete(file);
    }
  }
}
