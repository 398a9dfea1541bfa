package io.deltaglider;

import io.deltaglider.vcdiff.SourceData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Makes a put's delta: in the heap for content in the heap, else into a temp file. */
final class Encoding {
  private final StoreContext ctx;

  Encoding(StoreContext ctx) {
    this.ctx = ctx;
  }

  /**
   * The zero-diff delta of a put that creates its deltaspace's reference: the content against
   * itself, made from one read of it without matching (FORMAT.md section 2.3), so no codec slot.
   */
  Encoded identity(ObjectKey k, Spool content) throws DeltaStoreException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64);
    try (InputStream in = CallScope.current().watch(content.open())) {
      ctx.encoder.encodeIdentity(in, out);
    } catch (IOException e) {
      throw IoErrors.mapIo(e, "reading the content of " + k);
    }
    return new Encoded(out.size(), out.toByteArray(), null);
  }

  /** The content encoded against the reference, under a codec slot. */
  Encoded against(ObjectKey k, Reference ref, Spool content) throws DeltaStoreException {
    ctx.codecs.acquire();
    try {
      return againstInSlot(k, ref, content);
    } finally {
      ctx.codecs.release();
    }
  }

  /**
   * {@link #against} under a codec slot someone else holds: an archive-aware put runs the plain
   * encode beside its own under its one slot. Safe on another thread: it never waits for a slot.
   */
  Encoded againstInSlot(ObjectKey k, Reference ref, Spool content) throws DeltaStoreException {
    long start = System.nanoTime();
    Path file = null;
    try (SourceData source = ref.source(); InputStream target = CallScope.current().watch(content.open())) {
      // A caller's file small enough for the heap gets its delta there too, as a stream of that
      // size would: no temp file to write, then copy into the backend and delete.
      if (content.inMemory() || content.size <= ctx.memoryThreshold) {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(content.size / 4 + 64, 1 << 20));
        ctx.encoder.encode(source, target, out);
        ctx.observed.encoded(content.size, out.size(), System.nanoTime() - start);
        return new Encoded(out.size(), out.toByteArray(), null);
      }
      file = TempFiles.create(ctx.tempDir);
      long size;
      try (OutputStream out = TempFiles.output(file)) {
        size = ctx.encoder.encode(source, target, out);
      }
      ctx.observed.encoded(content.size, size, System.nanoTime() - start);
      Encoded e = new Encoded(size, null, file);
      file = null;
      return e;
    } catch (IOException e) {
      throw IoErrors.mapIo(e, "encoding " + k);
    } finally {
      if (file != null) {
        TempFiles.delete(file);
      }
    }
  }
}
