package io.deltaglider.vcdiff;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * Decodes VCDIFF deltas (RFC 3284) as xdelta3 and open-vcdiff write them: default and custom code
 * tables, VCD_SOURCE and VCD_TARGET windows, xdelta3's Adler-32 window checksums and LZMA, DJW
 * and FGK secondary compression, and open-vcdiff's interleaved format with its checksum.
 *
 * <p>Instances are immutable and thread-safe; each call decodes with its own state. The delta is
 * read as a stream and the target written window by window, each window only after its checksum
 * (if it has one, and unless {@link Builder#verifyChecksums} is off) was verified; the source is
 * read by random access. Memory is bounded by the window size limit, so sources and targets larger
 * than the heap decode fine.
 *
 * <p>No length read from the delta is allocated on trust: a window's buffer is sized by what its
 * instructions can produce from its sections (not by its declared length), a compressed section's
 * by what its compressor can produce, and every large allocation is checked against what the heap
 * has free first. A delta that needs more memory than that fails with a {@link VcdiffException}
 * (saying so), not with an {@link OutOfMemoryError}. What is accepted is described in the
 * repository's {@code FORMAT.md}, section 7.
 *
 * <pre>{@code
 * VcdiffDecoder decoder = VcdiffDecoder.create();
 * try (SourceData source = SourceData.open(Path.of("app-1.0.zip"));
 *      InputStream delta = Files.newInputStream(Path.of("app-1.1.zip.delta"));
 *      OutputStream out = Files.newOutputStream(Path.of("app-1.1.zip"))) {
 *   decoder.decode(source, delta, out);
 * }
 * }</pre>
 */
public final class VcdiffDecoder {
  /** Default largest target window accepted: 64 MiB, what xdelta3 3.1+ accepts. */
  public static final int DEFAULT_MAX_WINDOW_SIZE = 64 << 20;
  private static final int MAX_IN_MEMORY = Integer.MAX_VALUE - 16;

  private static final VcdiffDecoder DEFAULT = builder().build();

  private final Settings settings;

  private VcdiffDecoder(Settings settings) {
    this.settings = settings;
  }

  /** A decoder with default settings: checksums verified, windows up to 64 MiB, no size cap. */
  public static VcdiffDecoder create() {
    return DEFAULT;
  }

  /** A builder for a decoder with other settings, starting from the defaults of {@link #create()}. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Decodes {@code delta} against {@code source}, writing the target to {@code target}. Neither
   * stream is closed. On failure, windows decoded before the bad one may already have been written.
   *
   * @throws VcdiffException if the delta is malformed, truncated, corrupt, over a limit, or does not
   *     fit the source
   * @throws IOException if reading or writing fails
   */
  public DecodeResult decode(SourceData source, InputStream delta, OutputStream target) throws IOException {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(delta, "delta");
    Objects.requireNonNull(target, "target");
    return new DecodeSession(settings, source, new DeltaInput(delta), new TargetSink.Stream(target, settings.writeBehind), false)
        .run();
  }

  /**
   * Decodes an in-memory delta against an in-memory source and returns the target, which is
   * limited to 2 GiB as in {@link #decode(SourceData, byte[], DecodeProgress)}.
   *
   * @throws VcdiffException if the delta is malformed, corrupt, over a limit, or does not fit the source
   */
  public byte[] decode(byte[] source, byte[] delta) throws VcdiffException {
    Objects.requireNonNull(source, "source");
    try {
      return decode(SourceData.of(source), delta, null);
    } catch (VcdiffException e) {
      throw e;
    } catch (IOException e) {
      throw new UncheckedIOException("in-memory decode cannot fail with I/O", e);
    }
  }

  /**
   * Decodes an in-memory delta into a new array, handing the target to {@code progress} (if not
   * null) piece by piece as it is decoded, e.g. to hash it on another thread meanwhile. The source
   * is read by random access and not closed. Targets are limited to 2 GiB here; the streaming
   * {@link #decode(SourceData, InputStream, OutputStream)} has no such limit.
   *
   * @throws VcdiffException if the delta is malformed, corrupt, over a limit, or does not fit the source
   * @throws IOException if reading the source fails
   */
  public byte[] decode(SourceData source, byte[] delta, DecodeProgress progress) throws IOException {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(delta, "delta");
    Settings inMemory = settings.maxTargetSize <= MAX_IN_MEMORY
        ? settings
        : new Settings(settings.verifyChecksums, settings.maxWindowSize, MAX_IN_MEMORY);
    // Size the result from the window headers (usually one allocation, decoded into in place), but
    // only a bounded factor ahead of what the instructions account for: the headers may lie.
    TargetSink.InMemory out = new TargetSink.InMemory(
        WindowScan.totalTargetLength(delta, inMemory.maxTargetSize), progress);
    new DecodeSession(inMemory, source, new DeltaInput(new ByteArrayInputStream(delta)), out, false).run();
    return out.toByteArray();
  }

  /** Immutable settings shared by the sessions of one decoder. */
  static final class Settings {
    final boolean verifyChecksums;
    final int maxWindowSize;
    final long maxTargetSize;
    final boolean writeBehind;

    Settings(boolean verifyChecksums, int maxWindowSize, long maxTargetSize) {
      this(verifyChecksums, maxWindowSize, maxTargetSize, false);
    }

    Settings(boolean verifyChecksums, int maxWindowSize, long maxTargetSize, boolean writeBehind) {
      this.verifyChecksums = verifyChecksums;
      this.maxWindowSize = maxWindowSize;
      this.maxTargetSize = maxTargetSize;
      this.writeBehind = writeBehind;
    }
  }

  /** Builds {@link VcdiffDecoder}s. Not thread-safe; the decoders it builds are. */
  public static final class Builder {
    private boolean verifyChecksums = true;
    private int maxWindowSize = DEFAULT_MAX_WINDOW_SIZE;
    private long maxTargetSize = Long.MAX_VALUE;
    private boolean writeBehind;

    private Builder() {}

    /**
     * Whether {@link #decode(SourceData, InputStream, OutputStream)} verifies and writes each
     * window on a helper thread while the next window decodes (default false). Each window is
     * still written only after its checksum matched, in order, one write at a time, and the call
     * returns only after the last write finished (or failed: a failed write fails the decode with
     * that exception). The output stream is then written from the helper thread, so it must not be
     * bound to the calling thread. This needs a second window buffer, taken only while the heap has
     * room for it; otherwise a window waits for the previous one to be written and reuses its buffer.
     */
    public Builder writeBehind(boolean writeBehind) {
      this.writeBehind = writeBehind;
      return this;
    }

    /** Whether to verify Adler-32 window checksums when present (default true). */
    public Builder verifyChecksums(boolean verify) {
      this.verifyChecksums = verify;
      return this;
    }

    /**
     * Largest target window accepted, in bytes (default 64 MiB, at most 1 GiB). The decoder holds
     * one window (two for VCD_TARGET windows and, heap permitting, with {@link #writeBehind}) plus
     * its sections in memory, so this bounds its memory use.
     */
    public Builder maxWindowSize(int bytes) {
      if (bytes < 1 || bytes > (1 << 30)) {
        throw new IllegalArgumentException("maxWindowSize must be in [1, 1 GiB], got " + bytes);
      }
      this.maxWindowSize = bytes;
      return this;
    }

    /** Largest total target accepted, in bytes (default unlimited). */
    public Builder maxTargetSize(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("maxTargetSize must not be negative, got " + bytes);
      }
      this.maxTargetSize = bytes;
      return this;
    }

    /** A decoder with the settings given so far; the builder can go on to build others. */
    public VcdiffDecoder build() {
      return new VcdiffDecoder(new Settings(verifyChecksums, maxWindowSize, maxTargetSize, writeBehind));
    }
  }
}
