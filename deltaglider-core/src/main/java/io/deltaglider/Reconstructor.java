package io.deltaglider;

import io.deltaglider.spi.BlobInfo;
import io.deltaglider.vcdiff.SourceData;
import io.deltaglider.vcdiff.VcdiffDecoder;
import io.deltaglider.vcdiff.VcdiffException;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;

/**
 * Rebuilds one located object and verifies it: every byte is counted against the declared size
 * and hashed, and the result is handed back only when its SHA-256 matches the metadata
 * (FORMAT.md section 4). Deltas are decoded against their deltaspace's verified reference under
 * a codec slot, archive-aware ones by {@link ArchiveDeltas}; forms this version does not know are
 * refused before anything is read. One attempt; {@link VerifiedReads} decides whether a failure is worth another.
 */
final class Reconstructor {
  private final StoreContext ctx;
  private final References references;
  private final ArchiveDeltas archiveDeltas;

  Reconstructor(StoreContext ctx, References references) {
    this.ctx = ctx;
    this.references = references;
    this.archiveDeltas = new ArchiveDeltas(ctx);
  }

  /**
   * Results up to {@code inMemoryLimit} bytes stay in the heap (-1: always a file), others go to a
   * temp file: in {@code dir}, a caller's directory it will be moved into, or else the store's
   * temp directory.
   */
  Reconstructed reconstruct(Located loc, Path dir, long inMemoryLimit) throws DeltaStoreException {
    try {
      loc.checkBelongsToKey();
      loc.checkKnownForm();
    } catch (IntegrityException e) {
      ctx.metrics.integrityFailures.increment();
      throw e;
    }
    String expected = loc.meta.fileSha256();
    boolean plain = loc.form == StoredForm.PLAIN;
    if (expected == null && !plain) {
      ctx.metrics.integrityFailures.increment();
      throw new IntegrityException(loc.key.key, "its metadata holds no valid dg-file-sha256 to verify against",
          (Throwable) null);
    }
    // A plain object's only claim about itself is the backend's size (and maybe an MD5 ETag).
    long declared = plain ? loc.blob.size() : loc.meta.fileSize();
    long maxSize = declared >= 0 ? declared : ctx.policy.maxObjectSize();
    boolean toMemory = inMemoryLimit >= 0 && declared >= 0 && declared <= inMemoryLimit;
    boolean archive = loc.form == StoredForm.DELTA && loc.meta.isArchiveDelta();
    if (toMemory && loc.form == StoredForm.DELTA && !archive && loc.blob.size() <= ctx.memoryThreshold) {
      return inMemory(loc, expected, (int) declared);
    }
    Path file = null;
    try {
      OutputStream sink;
      ByteArrayOutputStream mem = null;
      if (toMemory) {
        mem = new ByteArrayOutputStream((int) Math.max(32, declared));
        sink = mem;
      } else {
        file = dir != null ? TempFiles.createForCaller(dir) : TempFiles.create(ctx.tempDir);
        sink = TempFiles.output(file);
      }
      MessageDigest digest = Sha256.newDigest();
      String md5Etag = plain ? PlainObjects.md5Etag(loc.blob) : null;
      MessageDigest md5 = md5Etag != null ? Digests.newMd5() : null;
      OutputStream hashed = new DigestOutputStream(sink, digest);
      BoundedOutputStream counted = new BoundedOutputStream(md5 != null ? new DigestOutputStream(hashed, md5) : hashed,
          maxSize, loc.key.key);
      // Checks the call's cancellation and deadline, and reports progress, as bytes come out.
      OutputStream out = CallScope.current().watch(counted);
      try (sink) {
        if (loc.form == StoredForm.DELTA) {
          withReference(loc, ref -> {
            try (InputStream delta = new BufferedInputStream(CountedReads.get(ctx, loc.rawKey()), 1 << 16)) {
              if (archive) {
                archiveDeltas.decode(loc, ref, delta, out);
              } else {
                try (SourceData source = ref.source()) {
                  decoder(maxSize).decode(source, delta, out);
                }
              }
            }
            return null;
          });
          ctx.metrics.deltaGets.increment();
        } else {
          try (InputStream in = CountedReads.get(ctx, loc.rawKey())) {
            in.transferTo(out);
          }
          if (!plain) {
            ctx.metrics.passthroughGets.increment();
          }
        }
      }
      String actual = Sha256.hex(digest.digest());
      if (plain) {
        PlainObjects.check(loc, counted.count, md5 == null ? null : Sha256.hex(md5.digest()), md5Etag);
        ctx.metrics.plainGets.increment();
      } else if (!actual.equals(expected) || (declared >= 0 && counted.count != declared)) {
        throw mismatch(loc, expected, actual);
      }
      Reconstructed r = new Reconstructed(counted.count, actual, mem != null ? mem.toByteArray() : null, file);
      file = null;
      return r;
    } catch (VcdiffException e) {
      throw undecodable(loc, e);
    } catch (IOException e) {
      throw IoErrors.mapIo(e, "reading " + loc.key);
    } finally {
      if (file != null) {
        TempFiles.delete(file);
      }
    }
  }

  /**
   * A delta's reconstruction decoded straight into its result array, hashed on another thread
   * while it decodes. Small objects are hashed on this thread: handing them over costs more than
   * hashing them.
   */
  private Reconstructed inMemory(Located loc, String expected, int declared) throws DeltaStoreException {
    // Decoded in one go (at most the memory threshold): the call is checked before and after.
    CallScope call = CallScope.current();
    call.check();
    PipelinedDigests sha = new PipelinedDigests(ctx.codecs.hashingFor(declared));
    byte[] result = null;
    try {
      byte[] delta = readSmallDelta(loc);
      result = withReference(loc, ref -> {
        try (SourceData source = ref.source()) {
          return decoder(declared).decode(source, delta, sha);
        }
      });
      ctx.metrics.deltaGets.increment();
    } catch (VcdiffException e) {
      throw undecodable(loc, e);
    } catch (IOException e) {
      throw IoErrors.mapIo(e, "reading " + loc.key);
    } finally {
      if (result == null) {
        sha.abandon();
      }
    }
    String actual;
    try {
      actual = sha.finish();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackendException("interrupted while verifying " + loc.key, e);
    }
    if (!actual.equals(expected) || result.length != declared) {
      throw mismatch(loc, expected, actual);
    }
    call.check();
    call.reached(result.length);
    return new Reconstructed(result.length, actual, result, null);
  }

  /**
   * The windows' Adler-32s are not checked: the SHA-256 of the whole result is, before anyone sees
   * a byte of it, and checking both cost a cache-hit get of a one-window jar a fifth of its time.
   */
  private static VcdiffDecoder decoder(long maxTargetSize) {
    return VcdiffDecoder.builder().maxTargetSize(maxTargetSize).verifyChecksums(false).build();
  }

  /** A delta small enough for the heap: no larger than the memory threshold, whatever head said. */
  private byte[] readSmallDelta(Located loc) throws IOException {
    try (InputStream in = CountedReads.get(ctx, loc.rawKey())) {
      byte[] delta = in.readNBytes((int) Math.min((long) ctx.memoryThreshold + 1, StoreContext.MAX_IN_MEMORY));
      if (delta.length > ctx.memoryThreshold) {
        throw new IntegrityException(loc.key.key, "its delta is larger than the " + ctx.memoryThreshold
            + " bytes its stored size allowed", (Throwable) null);
      }
      return delta;
    }
  }

  @FunctionalInterface
  private interface Decode<T> {
    T from(Reference reference) throws IOException;
  }

  /**
   * Heads the delta's reference (remembered in {@code loc} for {@link VerifiedReads}), loads it
   * verified against the delta's {@code dg-ref-sha256}, and decodes against it under a codec slot.
   */
  private <T> T withReference(Located loc, Decode<T> decode) throws IOException {
    String refKey = loc.referenceKey();
    loc.referenceSeen = ctx.backend.head(refKey);
    BlobInfo refInfo = loc.referenceSeen.orElseThrow(() -> new IntegrityException(loc.key.key,
        "its reference " + refKey + " is missing", (Throwable) null));
    try (Reference ref = references.load(refKey, refInfo, loc.meta.refSha256(), !loc.bypassCache)) {
      ctx.codecs.acquire();
      long start = System.nanoTime();
      try {
        T result = decode.from(ref);
        long size = loc.meta.fileSize();
        ctx.observed.decoded(Math.max(0, size), System.nanoTime() - start);
        return result;
      } finally {
        ctx.codecs.release();
      }
    }
  }

  private IntegrityException mismatch(Located loc, String expected, String actual) {
    ctx.metrics.integrityFailures.increment();
    if (loc.form == StoredForm.DELTA) {
      ctx.cache.evict(loc.referenceKey());
    }
    return new IntegrityException(loc.key.key, expected, actual);
  }

  /** A delta that does not decode: counted, and its reference (maybe the cause) leaves the cache. */
  private IntegrityException undecodable(Located loc, VcdiffException e) {
    ctx.metrics.integrityFailures.increment();
    ctx.cache.evict(loc.referenceKey());
    return new IntegrityException(loc.key.key, "its delta does not decode: " + e.getMessage(), e);
  }
}
