package io.deltaglider;

import io.deltaglider.archive.ArchiveFormatException;
import io.deltaglider.archive.ArchiveTransforms;
import io.deltaglider.vcdiff.SourceData;
import io.deltaglider.vcdiff.VcdiffDecoder;
import io.deltaglider.vcdiff.VcdiffEncoder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;

/**
 * The steps of an archive-aware delta (FORMAT.md section 9.8) shared by the store
 * ({@link ArchiveDeltas}) and the file patches ({@link ArchivePatch}): the round trip a writer checks
 * before it keeps the form, encoding, and decoding.
 */
final class ArchiveCodec {
  private ArchiveCodec() {}

  /**
   * Whether rebuilding {@code target}'s form gives exactly the original: {@code length} bytes with
   * SHA-256 {@code sha256}. A form that does not is never stored (what it would rebuild on a get
   * is not the file).
   */
  static boolean rebuildsTo(ArchiveTransforms transforms, Expansion target, long length, String sha256)
      throws IOException {
    MessageDigest digest = Sha256.newDigest();
    try (InputStream form = target.open()) {
      // The streams the expand compared byte for byte are copied, not compressed again: the check
      // is of the form's framing and content, every span hashed against what was compared.
      long n = transforms.rebuild(form, new ByteArrayInputStream(target.recipe),
          new DigestOutputStream(OutputStream.nullOutputStream(), digest), target.streams);
      return n == length && Sha256.hex(digest.digest()).equals(sha256);
    } catch (ArchiveFormatException e) {
      return false;
    }
  }

  /**
   * The header of a delta from {@code source} (its original length and digest given) to
   * {@code target}; it names the source's expansion map when the source form has one.
   */
  static ArchiveDeltaHeader header(long sourceLength, String sourceSha256, Expansion source, long targetLength,
      String targetSha256, Expansion target) {
    return new ArchiveDeltaHeader(sourceLength, sourceSha256, source.length, source.sha256, source.mapSha256, targetLength,
        targetSha256,
        target.length, target.recipe);
  }

  /** Writes the header, then the VCDIFF delta of the target's form against the source's; returns the bytes written. */
  static long encode(VcdiffEncoder encoder, ArchiveDeltaHeader header, Expansion source, Expansion target,
      OutputStream out) throws IOException {
    byte[] head = header.toBytes();
    out.write(head);
    try (SourceData s = source.source(); InputStream t = target.open()) {
      return head.length + encoder.encode(s, t, out);
    }
  }

  /** Whether {@code source} is the expanded form the delta was made against. */
  static boolean isSourceOf(ArchiveDeltaHeader header, Expansion source) {
    return source.length == header.expandedSourceLength && header.expandedSourceSha256.equals(source.sha256);
  }

  /**
   * Decodes the VCDIFF delta that follows the header (in {@code vcdiff}) against the source's form,
   * into the heap up to {@code heapLimit} bytes or else a temp file, and rebuilds the original from
   * it into {@code original}; returns its length. The caller checks that source first
   * ({@link #isSourceOf}) and the original's digest after: on an exception, what was written is
   * not the file.
   *
   * @throws ArchiveFormatException if the decoded form does not rebuild
   * @throws io.deltaglider.vcdiff.VcdiffException if the delta does not decode
   */
  static long decode(ArchiveTransforms transforms, ArchiveDeltaHeader header, Expansion source, InputStream vcdiff,
      OutputStream original, long heapLimit, Path tempDir) throws IOException {
    try (HeapOrFile form = new HeapOrFile(Math.min(heapLimit, header.expandedTargetLength), tempDir)) {
      try (SourceData s = source.source()) {
        // No window Adler-32s: the caller checks the SHA-256 of the whole original.
        VcdiffDecoder.builder().maxTargetSize(header.expandedTargetLength).verifyChecksums(false).build()
            .decode(s, vcdiff, form);
      }
      form.finish();
      if (form.count() != header.expandedTargetLength) {
        throw new ArchiveFormatException("the delta decodes to " + form.count() + " bytes of expanded form, its header says "
            + header.expandedTargetLength);
      }
      try (InputStream in = form.open()) {
        // The source's streams that the original shares are copied, not compressed again.
        return transforms.rebuild(in, new ByteArrayInputStream(header.recipe), original, source.streams);
      }
    }
  }
}
