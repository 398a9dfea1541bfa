package io.deltaglider;

import io.deltaglider.archive.ArchiveTransforms;
import io.deltaglider.archive.ExpandResult;
import io.deltaglider.vcdiff.SourceData;
import java.io.BufferedOutputStream;
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
  final byte[] recipe;
  final ExpandResult result;
  private final HeapOrFile form;

  private Expansion(HeapOrFile form, String sha256, byte[] recipe, ExpandResult result) {
    this.form = form;
    this.length = form.count();
    this.sha256 = sha256;
    this.recipe = recipe;
    this.result = result;
  }

  /**
   * Expands {@code in} (read to its end, not closed): in the heap up to {@code heapLimit} bytes of
   * form, else in a temp file in {@code tempDir}; {@code hash} also computes the form's SHA-256.
   */
  static Expansion of(ArchiveTransforms transforms, InputStream in, boolean hash, long heapLimit, Path tempDir)
      throws IOException {
    HeapOrFile form = new HeapOrFile(heapLimit, tempDir);
    try {
      MessageDigest digest = hash ? Sha256.newDigest() : null;
      OutputStream out = new BufferedOutputStream(digest != null ? new DigestOutputStream(form, digest) : form, 1 << 16);
      ByteArrayOutputStream recipe = new ByteArrayOutputStream(64);
      ExpandResult r = transforms.expand(in, out, recipe);
      out.flush();
      form.finish();
      return new Expansion(form, digest != null ? Sha256.hex(digest.digest()) : null, recipe.toByteArray(), r);
    } catch (IOException | RuntimeException | Error e) {
      form.close();
      throw e;
    }
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

  /** Deletes the temp file of a form that is not in the heap; a heap form stays usable (it may be cached). */
  @Override
  public void close() {
    form.close();
  }
}
