package io.deltaglider;

import io.deltaglider.archive.ArchiveFormatException;
import io.deltaglider.archive.ArchiveLimits;
import io.deltaglider.archive.ArchiveTransforms;
import io.deltaglider.archive.ExpandResult;
import io.deltaglider.vcdiff.SecondaryCompression;
import io.deltaglider.vcdiff.VcdiffEncoder;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * Archive-aware patches between two files, outside any store: a VCDIFF delta between the files'
 * expanded forms (each deflate stream of a jar, zip, gzip or tar that can be compressed back
 * exactly is inflated), often a small fraction of a plain delta between the archives. A patch
 * records the SHA-256 and length of the file it was made from and of the file it rebuilds, and
 * {@link #decode} checks both: it refuses another source, and never hands out a wrong file.
 *
 * <p>The layout is that of the store's archive-aware deltas (FORMAT.md section 9.8), so
 * {@code decode} also rebuilds an object from its {@code .delta} and its deltaspace's
 * {@code reference.bin}. Files that are not archives work too, with no gain over a plain delta.
 * Both directions stream, with expanded forms over 32 MiB in temp files. Thread-safe.
 */
public final class ArchivePatch {
  private static final int HEAP_LIMIT = 32 << 20;

  private final VcdiffEncoder encoder;
  private final Path tempDir;
  private final ArchiveTransforms transforms;

  private ArchivePatch(VcdiffEncoder encoder, Path tempDir) {
    this.encoder = encoder;
    this.tempDir = tempDir;
    // The store's limits, so that a patch and a store agree on every expanded form.
    this.transforms = ArchiveTransforms.withLimits(ArchiveLimits.builder().tempDirectory(tempDir).build());
  }

  /** Patches made with the store's encoder (default level, LZMA secondary compression), temp files in the system's directory. */
  public static ArchivePatch create() {
    return create(VcdiffEncoder.builder().secondary(SecondaryCompression.LZMA).skipUnrelated(true).build(), null);
  }

  /**
   * Patches made with {@code encoder}, temp files in {@code tempDirectory}.
   *
   * @param encoder the VCDIFF encoder of the expanded forms
   * @param tempDirectory where large expanded forms go; null for {@code java.io.tmpdir}
   * @return the patcher
   */
  public static ArchivePatch create(VcdiffEncoder encoder, Path tempDirectory) {
    return new ArchivePatch(Objects.requireNonNull(encoder, "encoder"), tempDirectory);
  }

  /**
   * What {@link #encode} made.
   *
   * @param sourceLength bytes of the source
   * @param targetLength bytes of the target
   * @param patchLength bytes of the patch written
   * @param source what expanding the source did
   * @param target what expanding the target did
   */
  public record Made(long sourceLength, long targetLength, long patchLength, ExpandResult source, ExpandResult target) {}

  /**
   * Writes the patch that rebuilds {@code target} from {@code source} to {@code patch} (not closed).
   * Each file is read once; the target's expanded form is checked to rebuild it exactly before
   * anything is written.
   *
   * @param source the old file
   * @param target the new file
   * @param patch where the patch goes
   * @return the sizes and what was expanded
   * @throws ArchiveFormatException if the target's expanded form does not rebuild it (a fault in
   *     the archive transforms; {@code vcdiff encode} makes a plain delta)
   * @throws IOException if reading, writing or a temp file fails
   */
  public Made encode(Path source, Path target, OutputStream patch) throws IOException {
    try (InputStream in = Files.newInputStream(target)) {
      return encode(source, in, patch);
    }
  }

  /**
   * As {@link #encode(Path, Path, OutputStream)}, the new file read from {@code target} to its end
   * (not closed).
   *
   * @param source the old file
   * @param target the new file's bytes
   * @param patch where the patch goes
   * @return the sizes and what was expanded
   * @throws ArchiveFormatException if the target's expanded form does not rebuild it
   * @throws IOException if reading, writing or a temp file fails
   */
  public Made encode(Path source, InputStream target, OutputStream patch) throws IOException {
    try (Hashed s = expand(source); Hashed t = expand(target)) {
      if (!ArchiveCodec.rebuildsTo(transforms, t.form, t.length, t.sha256)) {
        throw new ArchiveFormatException("the target's expanded form does not rebuild it exactly");
      }
      ArchiveDeltaHeader header = ArchiveCodec.header(s.length, s.sha256, s.form, t.length, t.sha256, t.form);
      long written = ArchiveCodec.encode(encoder, header, s.form, t.form, patch);
      patch.flush();
      return new Made(s.length, t.length, written, s.form.result, t.form.result);
    }
  }

  /**
   * Rebuilds the file {@code patch} was made for from {@code source} into {@code target} (not
   * closed) and returns its length. On an exception, what was written to {@code target} is not the
   * file and is to be discarded: the checks of the result's length and SHA-256 come at the end.
   *
   * @param source the file the patch was made from
   * @param patch the patch, read to its end
   * @param target where the rebuilt file goes
   * @return the rebuilt file's length
   * @throws ArchiveFormatException if the patch is malformed or damaged, {@code source} is not the
   *     file it was made from, this build expands the source differently from the one that made the
   *     patch, or the result does not match the patch's SHA-256
   * @throws io.deltaglider.vcdiff.VcdiffException if the VCDIFF delta inside does not decode
   * @throws IOException if reading, writing or a temp file fails
   */
  public long decode(Path source, InputStream patch, OutputStream target) throws IOException {
    ArchiveDeltaHeader header = ArchiveDeltaHeader.readFrom(patch);
    try (Hashed s = expand(source)) {
      if (s.length != header.sourceLength || !s.sha256.equals(header.sourceSha256)) {
        throw new ArchiveFormatException("the source (" + s.length + " bytes, SHA-256 " + s.sha256
            + ") is not the file the patch was made from (" + header.sourceLength + " bytes, " + header.sourceSha256 + ")");
      }
      if (!ArchiveCodec.isSourceOf(header, s.form)) {
        throw new ArchiveFormatException("this version expands the source to other bytes than the version that made "
            + "the patch: the archive transforms differ");
      }
      MessageDigest digest = Sha256.newDigest();
      long n = ArchiveCodec.decode(transforms, header, s.form, patch, new DigestOutputStream(target, digest), HEAP_LIMIT,
          tempDir);
      String sha = Sha256.hex(digest.digest());
      if (n != header.targetLength || !sha.equals(header.targetSha256)) {
        throw new ArchiveFormatException("the rebuilt file (" + n + " bytes, SHA-256 " + sha
            + ") is not the one the patch records (" + header.targetLength + " bytes, " + header.targetSha256 + ")");
      }
      target.flush();
      return n;
    }
  }

  /** A file's expanded form with the length and SHA-256 of the file, from one read. */
  private record Hashed(Expansion form, long length, String sha256) implements AutoCloseable {
    @Override
    public void close() {
      form.close();
    }
  }

  private Hashed expand(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return expand(in);
    }
  }

  private Hashed expand(InputStream file) throws IOException {
    MessageDigest digest = Sha256.newDigest();
    DigestInputStream in = new DigestInputStream(new BufferedInputStream(file, 1 << 16), digest);
    // Recording the streams lets the round-trip check and the decode copy them instead of compressing.
    Expansion e = Expansion.of(transforms, in, true, false, HEAP_LIMIT, tempDir, null, HEAP_LIMIT / 2);
    return new Hashed(e, e.result.originalLength(), Sha256.hex(digest.digest()));
  }
}
