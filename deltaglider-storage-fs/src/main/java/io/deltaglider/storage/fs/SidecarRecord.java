package io.deltaglider.storage.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Which data a sidecar record describes (FORMAT.md section 5.4, "Binding"): inode, size,
 * modification time and a fingerprint (a digest of the first and last 4 KiB). A record describes a
 * file when size and fingerprint agree, and the inode or the modification time (to the microsecond)
 * does: so a copy or a remount that renumbers inodes (vfat) keeps objects visible, while the old and
 * the new data of a write switched halfway never pass for each other. Immutable.
 */
final class SidecarRecord {
  /** Bytes hashed at each end of the file. */
  private static final int ENDS = 4096;

  final long ino;
  final long size;
  final long mtimeNanos;
  /** 32 lower-case hex digits, or null when not computed. */
  final String fingerprint;

  SidecarRecord(long ino, long size, long mtimeNanos, String fingerprint) {
    this.ino = ino;
    this.size = size;
    this.mtimeNanos = mtimeNanos;
    this.fingerprint = fingerprint;
  }

  /** The record of the regular file at {@code file} as it is now, or null if there is none. */
  static SidecarRecord of(FileOps ops, Path file, boolean withFingerprint) throws IOException {
    Map<String, Object> a;
    try {
      a = Files.readAttributes(file, "unix:ino,size,lastModifiedTime,isRegularFile", LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException | NotDirectoryException e) {
      return null;
    }
    if (!Boolean.TRUE.equals(a.get("isRegularFile"))) {
      return null;
    }
    long size = (Long) a.get("size");
    String fp = null;
    if (withFingerprint) {
      try {
        fp = fingerprint(ops, file, size);
      } catch (NoSuchFileException e) {
        return null;
      }
    }
    return new SidecarRecord((Long) a.get("ino"), size, ((FileTime) a.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS),
        fp);
  }

  /** The first 16 bytes of the SHA-256 of the file's first and last 4 KiB (each byte once), in hex. */
  static String fingerprint(FileOps ops, Path file, long size) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    try (FileChannel ch = ops.openRead(file)) {
      int head = (int) Math.min(ENDS, size);
      ByteBuffer buf = ByteBuffer.allocate(head);
      while (buf.hasRemaining() && ch.read(buf, buf.position()) > 0) {
        // fill
      }
      md.update(buf.array(), 0, buf.position());
      long tailStart = Math.max(head, size - ENDS);
      ByteBuffer tail = ByteBuffer.allocate((int) (size - tailStart));
      while (tail.hasRemaining() && ch.read(tail, tailStart + tail.position()) > 0) {
        // fill
      }
      md.update(tail.array(), 0, tail.position());
    }
    return HexFormat.of().formatHex(md.digest(), 0, 16);
  }

  /** Unchanged between two looks (same inode, size and time). */
  boolean sameAs(SidecarRecord o) {
    return o != null && ino == o.ino && size == o.size && mtimeNanos == o.mtimeNanos;
  }

  /** This record describes {@code data}, the current record of {@code dataFile} (see the class comment). */
  boolean describes(FileOps ops, SidecarRecord data, Path dataFile) throws IOException {
    // Times compared to the microsecond: copies (and Java's own copy) may keep no finer than that.
    if (size != data.size || (ino != data.ino && mtimeNanos / 1000 != data.mtimeNanos / 1000)) {
      return false;
    }
    String fp = data.fingerprint != null ? data.fingerprint : fingerprint(ops, dataFile, data.size);
    return fp.equals(fingerprint);
  }
}
