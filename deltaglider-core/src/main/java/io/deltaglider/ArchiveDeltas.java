package io.deltaglider;

import io.deltaglider.archive.ArchiveFormatException;
import io.deltaglider.archive.ArchiveLimits;
import io.deltaglider.archive.ArchiveTransforms;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's archive-aware deltas (FORMAT.md section 9.8): a put's attempt, kept only when it
 * rebuilds the put's exact bytes and is smaller than the plain delta, and a get's decode. Both
 * need the deltaspace's reference expanded, which is kept beside the reference in the
 * {@link ReferenceCache}.
 *
 * <p>The expand limits are the archive module's defaults, never the host's: the expanded reference
 * a get makes must be the one the put made, byte for byte (the delta records its digest, so a
 * reader that expands differently refuses instead of decoding against other bytes).
 */
final class ArchiveDeltas {
  private static final Logger LOG = LoggerFactory.getLogger(ArchiveDeltas.class);

  private final StoreContext ctx;
  private final ArchiveTransforms transforms;

  ArchiveDeltas(StoreContext ctx) {
    this.ctx = ctx;
    this.transforms = ArchiveTransforms.withLimits(ArchiveLimits.builder().tempDirectory(ctx.tempDir).build());
  }

  /**
   * The archive-aware delta of the content against the reference, or null when nothing in the
   * content could be expanded, its expanded form does not rebuild it exactly, or the delta is not
   * smaller than {@code toBeat} (the plain delta's size). Under a codec slot.
   */
  Encoded encode(ObjectKey k, Reference ref, Spool content, long toBeat) throws DeltaStoreException {
    ctx.codecs.acquire();
    long start = System.nanoTime();
    try (InputStream in = CallScope.current().watch(content.open());
        Expansion target = Expansion.of(transforms, in, false, ctx.memoryThreshold, ctx.tempDir)) {
      if (target.result.streamsExpanded() == 0 || target.recipe.length > ArchiveDeltaHeader.MAX_RECIPE) {
        LOG.debug("{}: nothing to gain from an archive-aware delta ({})", k, target.result);
        return null;
      }
      String sha256 = content.sha256Of(k);
      // The round trip is checked beside the encode: both only read the expanded form. Whoever
      // claims the check first runs it, so an abandoned put can keep it from ever starting.
      AtomicBoolean claimed = new AtomicBoolean();
      FutureTask<Boolean> rebuilds = new FutureTask<>(() -> claimed.compareAndSet(false, true)
          && ArchiveCodec.rebuildsTo(transforms, target, content.size, sha256));
      execute(rebuilds, target.length);
      Encoded delta = null;
      try (Expansion source = expandedReference(k.referenceKey(), ref)) {
        delta = write(ArchiveCodec.header(ref.size(), ref.sha256, source, content.size, sha256, target), source, target,
            content.inMemory());
        ctx.observed.encoded(content.size, delta.size, System.nanoTime() - start);
        if (!result(rebuilds, k)) {
          LOG.warn("{}: its expanded form does not rebuild it exactly; storing a plain delta", k);
          return null;
        }
        LOG.debug("{}: archive-aware delta {} bytes (plain {}), {}", k, delta.size, toBeat, target.result);
        if (delta.size >= toBeat) {
          return null;
        }
        Encoded kept = delta;
        delta = null;
        return kept;
      } finally {
        if (delta != null) {
          delta.close();
        }
        finish(rebuilds, claimed); // before the expanded form it reads goes
      }
    } catch (IOException e) {
      throw IoErrors.mapIo(e, "encoding " + k + " archive-aware");
    } catch (RuntimeException e) {
      // A fault in the transforms must not cost the put: the plain delta is there.
      LOG.warn("{}: archive-aware delta failed, storing a plain delta", k, e);
      return null;
    } finally {
      ctx.codecs.release();
    }
  }

  private void execute(FutureTask<Boolean> task, long size) {
    try {
      ctx.codecs.hashingFor(size).execute(task);
    } catch (RejectedExecutionException e) {
      // run by the waiting thread (result, finish)
    }
  }

  /** The check's outcome; run here if no thread has started it (a saturated executor never stalls a put). */
  private static boolean result(FutureTask<Boolean> task, ObjectKey k) throws IOException {
    task.run();
    try {
      return task.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OperationCancelledException("put " + k.key, OperationCancelledException.Reason.INTERRUPTED);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /** Keeps a check that has not started from starting, or waits for the one running; its outcome no longer matters. */
  private static void finish(FutureTask<Boolean> task, AtomicBoolean claimed) {
    if (claimed.compareAndSet(false, true)) {
      return;
    }
    boolean interrupted = Thread.interrupted();
    try {
      task.get();
    } catch (InterruptedException | ExecutionException ignored) {
      // only waited for
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private Encoded write(ArchiveDeltaHeader header, Expansion source, Expansion target, boolean inHeap)
      throws IOException {
    if (inHeap) {
      ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(target.length / 8 + 256, 1 << 20));
      ArchiveCodec.encode(ctx.encoder, header, source, target, out);
      return new Encoded(out.size(), out.toByteArray(), null);
    }
    Path file = TempFiles.create(ctx.tempDir);
    try {
      long size;
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
        size = ArchiveCodec.encode(ctx.encoder, header, source, target, out);
      }
      Encoded e = new Encoded(size, null, file);
      file = null;
      return e;
    } finally {
      if (file != null) {
        TempFiles.delete(file);
      }
    }
  }

  /**
   * Rebuilds the object {@code loc} found from its archive-aware delta ({@code delta}, read from
   * its start) and its verified reference into {@code out}. Every input is checked against the
   * delta's header first; the caller verifies the result's digest as for every get.
   */
  void decode(Located loc, Reference ref, InputStream delta, OutputStream out) throws IOException {
    ArchiveDeltaHeader header;
    try {
      header = ArchiveDeltaHeader.readFrom(delta);
    } catch (ArchiveFormatException e) {
      throw new IntegrityException(loc.key.key, "its archive-aware delta is malformed: " + e.getMessage(), e);
    }
    if (!header.sourceSha256.equals(ref.sha256) || header.sourceLength != ref.size()) {
      throw new IntegrityException(loc.key.key, "its archive-aware delta was made against another reference ("
          + header.sourceSha256 + ", not " + ref.sha256 + ")", (Throwable) null);
    }
    long declared = loc.meta.fileSize();
    if (!header.targetSha256.equals(loc.meta.fileSha256()) || (declared >= 0 && declared != header.targetLength)) {
      throw new IntegrityException(loc.key.key, "its archive-aware delta rebuilds other content than its metadata "
          + "describes", (Throwable) null);
    }
    try (Expansion source = expandedReference(loc.referenceKey(), ref)) {
      if (!ArchiveCodec.isSourceOf(header, source)) {
        throw new IntegrityException(loc.key.key, "this version of DeltaGlider expands its reference to other bytes ("
            + source.length + " bytes, SHA-256 " + source.sha256 + ") than the writer did (" + header.expandedSourceLength
            + " bytes, " + header.expandedSourceSha256 + "): the archive transforms differ", (Throwable) null);
      }
      ArchiveCodec.decode(transforms, header, source, delta, out, ctx.memoryThreshold, ctx.tempDir);
    } catch (ArchiveFormatException e) {
      throw new IntegrityException(loc.key.key, "its archive-aware delta does not rebuild: " + e.getMessage(), e);
    }
  }

  /** The reference's expanded form: from the cache, or expanded now and kept there if it fits. */
  private Expansion expandedReference(String refKey, Reference ref) throws IOException {
    Expansion cached = ctx.cache.getExpanded(refKey, ref.sha256);
    if (cached != null) {
      return cached;
    }
    Expansion e;
    ctx.metrics.referencesExpanded.increment();
    try (InputStream in = ref.open()) {
      e = Expansion.of(transforms, in, true, Math.max(ctx.memoryThreshold, ctx.cache.admitLimit()), ctx.tempDir);
    }
    ctx.cache.putExpanded(refKey, ref.sha256, e);
    return e;
  }
}
