package io.deltaglider;

import io.deltaglider.archive.ArchiveFormatException;
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
 * <p>The expanded reference a get makes must be the one the put made, byte for byte: the put
 * takes it from the deltaspace's expansion map (made by the first such put), the get replays the
 * same map ({@link PinnedReferences}), and the delta records the form's and the map's digests, so
 * a reader refuses rather than decode against other bytes.
 */
final class ArchiveDeltas {
  private static final Logger LOG = LoggerFactory.getLogger(ArchiveDeltas.class);

  private final StoreContext ctx;
  private final ArchiveTransforms transforms;
  private final PinnedReferences references;

  ArchiveDeltas(StoreContext ctx) {
    this.ctx = ctx;
    this.transforms = ctx.archiveTransforms;
    this.references = new PinnedReferences(ctx);
  }

  /**
   * The archive-aware delta of the content against the reference, or null when nothing in the
   * content could be expanded, its expanded form does not rebuild it exactly, or the delta is not
   * smaller than {@code toBeat} (the plain delta's size). Under a codec slot and the deltaspace's
   * lock (the first such put of a deltaspace stores its expansion map). The delta names the map it
   * was made with ({@link Encoded#mapSha256}), which the put confirms after writing it
   * ({@link #confirmMap}).
   */
  Encoded encode(ObjectKey k, Reference ref, Spool content, long toBeat) throws DeltaStoreException {
    ctx.codecs.acquire();
    try {
      return encodeInSlot(k, ref, content, toBeat);
    } finally {
      ctx.codecs.release();
    }
  }

  /**
   * The plain delta and the archive-aware one (null when there is none, or the plain one is as
   * small or at most {@link ArchiveDeltaHeader#MIN_DELTA} bytes), made side by side under one
   * codec slot: the plain encode on a hashing thread, or on this one when no thread takes it first
   * or the content cannot be read twice at once (a caller's file on its first read). Both only
   * read the content and the reference. Content equal to the reference is not expanded.
   */
  Encoded[] encodeWithPlain(ObjectKey k, Reference ref, Spool content, Encoding encoding) throws DeltaStoreException {
    // Sequential when the content is the reference's own (its plain delta is a few bytes, and makes
    // the other needless). Its digest is read first: then even a caller's file can be read twice at once.
    if (content.sha256Of(k).equals(ref.sha256) || !content.readableConcurrently()) {
      Encoded plain = encoding.against(k, ref, content);
      try {
        return new Encoded[] {plain, plain.size > ArchiveDeltaHeader.MIN_DELTA ? encode(k, ref, content, plain.size)
            : null};
      } catch (DeltaStoreException | RuntimeException | Error e) {
        plain.close();
        throw e;
      }
    }
    AtomicBoolean claimed = new AtomicBoolean();
    FutureTask<Encoded> plainTask = new FutureTask<>(() -> claimed.compareAndSet(false, true)
        ? encoding.againstInSlot(k, ref, content) : null);
    Encoded plain = null;
    Encoded archive = null;
    boolean returned = false;
    ctx.codecs.acquire();
    try {
      try {
        execute(plainTask, content.size);
        archive = encodeInSlot(k, ref, content, Long.MAX_VALUE);
        plainTask.run(); // here, if no thread has started it
        plain = get(plainTask, k);
      } finally {
        ctx.codecs.release();
      }
      if (archive != null && (plain.size <= ArchiveDeltaHeader.MIN_DELTA || archive.size >= plain.size)) {
        archive.close();
        archive = null;
      }
      returned = true;
      return new Encoded[] {plain, archive};
    } catch (IOException e) {
      throw IoErrors.mapIo(e, "encoding " + k);
    } finally {
      if (!returned) {
        if (archive != null) {
          archive.close();
        }
        // Keeps the plain encode from starting, or waits for it: its delta is nobody's.
        Encoded orphan = plain != null ? plain : claimed.compareAndSet(false, true) ? null : getQuietly(plainTask);
        if (orphan != null) {
          orphan.close();
        }
      }
    }
  }

  private static Encoded get(FutureTask<Encoded> task, ObjectKey k) throws IOException {
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

  /** A task's result once it is done (waited for without interruption), or null if it failed. */
  private static Encoded getQuietly(FutureTask<Encoded> task) {
    boolean interrupted = Thread.interrupted();
    try {
      while (true) {
        try {
          return task.get();
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          return null;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private Encoded encodeInSlot(ObjectKey k, Reference ref, Spool content, long toBeat) throws DeltaStoreException {
    long start = System.nanoTime();
    Expansion pinned = null;
    try {
      try {
        pinned = references.forPut(k, ref);
      } catch (PinnedReferences.Unusable e) {
        LOG.warn("{}: {}; storing a plain delta", k, e.getMessage());
        return null;
      }
      if (pinned == null) {
        return null;
      }
      try (Expansion source = pinned) {
        return encode(k, ref, content, toBeat, source, start);
      }
    } catch (IOException e) {
      throw IoErrors.mapIo(e, "encoding " + k + " archive-aware");
    } catch (RuntimeException e) {
      // A fault in the transforms must not cost the put: the plain delta is there.
      LOG.warn("{}: archive-aware delta failed, storing a plain delta", k, e);
      return null;
    }
  }

  /**
   * Expands the content (streams it shares with the reference need no settings search; the
   * streams it expands are recorded for the round-trip check), checks the round trip beside the
   * encode against the pinned {@code source}.
   */
  private Encoded encode(ObjectKey k, Reference ref, Spool content, long toBeat, Expansion source, long start)
      throws IOException {
    try (InputStream in = CallScope.current().watch(content.open());
        Expansion target = Expansion.of(transforms, in, false, false, ctx.memoryThreshold, ctx.tempDir, source.streams,
            Math.max(ctx.memoryThreshold, ctx.cache.admitLimit()) / 2)) {
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
      try {
        delta = write(ArchiveCodec.header(ref.size(), ref.sha256, source, content.size, sha256, target), source,
            target, content.inMemory());
        ctx.observed.encoded(content.size, delta.size, System.nanoTime() - start);
        if (!result(rebuilds, k)) {
          LOG.warn("{}: its expanded form does not rebuild it exactly; storing a plain delta", k);
          return null;
        }
        LOG.debug("{}: archive-aware delta {} bytes (plain {}), {}", k, delta.size, toBeat, target.result);
        if (delta.size >= toBeat) {
          return null;
        }
        Encoded kept = delta.pinnedBy(source.mapSha256);
        delta = null;
        return kept;
      } finally {
        if (delta != null) {
          delta.close();
        }
        finish(rebuilds, claimed); // before the expanded form it reads goes
      }
    }
  }

  private void execute(FutureTask<?> task, long size) {
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
      try (OutputStream out = TempFiles.output(file)) {
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
    try (Expansion source = references.forGet(loc, ref, header)) {
      if (!ArchiveCodec.isSourceOf(header, source)) {
        throw new IntegrityException(loc.key.key, (header.mapSha256 == null
            ? "this version of DeltaGlider makes other bytes of its reference ("
            : "its reference's expansion map makes other bytes (") + source.length + " bytes, SHA-256 " + source.sha256
            + ") than the writer's (" + header.expandedSourceLength + " bytes, " + header.expandedSourceSha256 + ")",
            (Throwable) null);
      }
      ArchiveCodec.decode(transforms, header, source, delta, out, ctx.memoryThreshold, ctx.tempDir);
    } catch (ArchiveFormatException e) {
      throw new IntegrityException(loc.key.key, "its archive-aware delta does not rebuild: " + e.getMessage(), e);
    }
  }

  /**
   * After a delta made with the map {@code mapSha256} was written: the map must still be there
   * with that digest (as the reference must, FORMAT.md section 2.6 rule 2), or the put is redone.
   */
  void confirmMap(ObjectKey k, String mapSha256, java.util.Map<String, String> written) throws DeltaStoreException {
    String mapKey = PinnedReferences.mapKeyOf(k.referenceKey());
    java.util.Optional<io.deltaglider.spi.BlobInfo> now = ctx.backend.head(mapKey);
    if (now.isEmpty() || !mapSha256.equals(StoredMetadata.parse(now.get().metadata()).fileSha256())) {
      ctx.cache.evict(k.referenceKey());
      throw new References.Lost(mapKey + (now.isEmpty() ? " vanished" : " was replaced") + " while the delta was written",
          written);
    }
  }
}
