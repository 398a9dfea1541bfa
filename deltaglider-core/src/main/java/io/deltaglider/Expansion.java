package io.deltaglider;

import io.deltaglider.archive.ArchiveFormatException;
import io.deltaglider.archive.ArchiveTransforms;
import io.deltaglider.archive.ExpandResult;
import io.deltaglider.archive.KnownStreams;
import io.deltaglider.vcdiff.SourceData;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;

/**
 * A file's expanded form (FORMAT.md section 9.2) and recipe, in the heap or a temp file. Immutable
 * once made; one in the heap may be shared between threads (the cache of expanded references).
 */
final class Expansion implements Closeable {
  final long length;
  /** SHA-256 of the expanded form; null when it was not asked for. */
  final String sha256;
  /** The recipe of the file (for a form replayed from a map, the map's). */
  final byte[] recipe;
  /** What expand did; null for a form replayed from a map. */
  final ExpandResult result;
  /** The form's layout when it was asked for (FORMAT.md section 9.9), else null. */
  final byte[] layout;
  /** The stored expansion map (its bytes) that pins this form of a reference, or null. */
  final byte[] map;
  /** The SHA-256 of {@link #map}, or null. */
  final String mapSha256;
  /** The streams expanded (small ones, within a budget), for rebuilds and other expands to reuse; or null. */
  final KnownStreams streams;
  private final HeapOrFile form;

  private Expansion(HeapOrFile form, String sha256, byte[] recipe, ExpandResult result, byte[] layout, byte[] map,
      String mapSha256, KnownStreams streams) {
    this.streams = streams;
    this.form = form;
    this.length = form.count();
    this.sha256 = sha256;
    this.recipe = recipe;
    this.result = result;
    this.layout = layout;
    this.map = map;
    this.mapSha256 = mapSha256;
  }

  /**
   * Expands {@code in} (read to its end, not closed): in the heap up to {@code heapLimit} bytes of
   * form, else in a temp file in {@code tempDir}; {@code hash} also computes the form's SHA-256.
   */
  static Expansion of(ArchiveTransforms transforms, InputStream in, boolean hash, long heapLimit, Path tempDir)
      throws IOException {
    return of(transforms, in, hash, false, heapLimit, tempDir, null, 0);
  }

  /**
   * As {@link #of(ArchiveTransforms, InputStream, boolean, long, Path)}; {@code layout} also keeps
   * the form's layout, streams found in {@code known} are not searched, and the streams expanded
   * are recorded within {@code streamBudget} bytes (none if 0).
   */
  static Expansion of(ArchiveTransforms transforms, InputStream in, boolean hash, boolean layout, long heapLimit,
      Path tempDir, KnownStreams known, long streamBudget) throws IOException {
    HeapOrFile form = new HeapOrFile(heapLimit, tempDir);
    KnownStreams record = streamBudget > 0 ? KnownStreams.spilling(streamBudget, tempDir) : null;
    try {
      MessageDigest digest = hash ? Sha256.newDigest() : null;
      OutputStream out = new BufferedOutputStream(digest != null ? new DigestOutputStream(form, digest) : form, 1 << 16);
      ByteArrayOutputStream recipe = new ByteArrayOutputStream(64);
      ByteArrayOutputStream layoutOut = layout ? new ByteArrayOutputStream(1 << 12) : null;
      ExpandResult r = transforms.expand(in, out, recipe, layoutOut, known, record);
      out.flush();
      form.finish();
      return new Expansion(form, digest != null ? Sha256.hex(digest.digest()) : null, recipe.toByteArray(), r,
          layoutOut == null ? null : layoutOut.toByteArray(), null, null, record);
    } catch (IOException | RuntimeException | Error e) {
      form.close();
      closeQuietly(record);
      throw e;
    }
  }

  private static void closeQuietly(KnownStreams k) {
    if (k != null) {
      try {
        k.close();
      } catch (IOException ignored) {
        // a temp file left behind; nothing else to do
      }
    }
  }

  /**
   * The form {@code map} pins for the reference read from {@code in} (not closed), made by replaying
   * its layout; its length and SHA-256 must be the map's.
   *
   * @throws ArchiveFormatException if the layout does not fit the reference or makes another form
   */
  static Expansion replay(ArchiveTransforms transforms, InputStream in, ExpansionMap map, byte[] mapBytes,
      String mapSha256, long heapLimit, Path tempDir, long streamBudget) throws IOException {
    HeapOrFile form = new HeapOrFile(heapLimit, tempDir);
    KnownStreams record = streamBudget > 0 ? KnownStreams.spilling(streamBudget, tempDir) : null;
    try {
      MessageDigest digest = Sha256.newDigest();
      OutputStream out = new BufferedOutputStream(new DigestOutputStream(form, digest), 1 << 16);
      transforms.replay(in, new ByteArrayInputStream(map.layout), out, map.expandedLength,
          new ByteArrayInputStream(map.recipe), record);
      out.flush();
      form.finish();
      String sha = Sha256.hex(digest.digest());
      if (form.count() != map.expandedLength || !sha.equals(map.expandedSha256)) {
        throw new ArchiveFormatException("the expansion map's layout makes a form of " + form.count() + " bytes, SHA-256 "
            + sha + ", not the " + map.expandedLength + " bytes, " + map.expandedSha256 + " it records");
      }
      return new Expansion(form, sha, map.recipe, null, map.layout, mapBytes, mapSha256, record);
    } catch (IOException | RuntimeException | Error e) {
      form.close();
      closeQuietly(record);
      throw e;
    }
  }

  /** The same form, pinned by the stored map {@code mapBytes}; shares the form (close one of them only). */
  Expansion pinnedBy(byte[] mapBytes, String mapSha256) {
    return new Expansion(form, sha256, recipe, result, layout, mapBytes, mapSha256, streams);
  }

  boolean inHeap() {
    return form.bytes() != null;
  }

  InputStream open() throws IOException {
    return form.open();
  }

  SourceData source() throws IOException {
    return form.source();
  }

  /**
   * Deletes the temp files of a form that is not in the heap and of streams kept beyond the heap;
   * a form and streams wholly in the heap stay usable (they may be cached).
   */
  @Override
  public void close() {
    form.close();
    if (streams != null && streams.spilled()) {
      closeQuietly(streams);
    }
  }

  /** Whether it can be cached: form and known streams wholly in the heap. */
  boolean cacheable() {
    return inHeap() && (streams == null || !streams.spilled());
  }
}
