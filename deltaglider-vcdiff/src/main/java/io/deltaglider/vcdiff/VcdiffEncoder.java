package io.deltaglider.vcdiff;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executor;

/**
 * Encodes VCDIFF (RFC 3284) deltas in the xdelta3 dialect: every output is decodable by xdelta3
 * 3.0.11 ({@code xdelta3 -d -s SOURCE DELTA OUT}) and by {@link VcdiffDecoder}. The format
 * written is described in the repository's {@code FORMAT.md}, section 7.
 *
 * <p>The target is read window by window from a stream; the source only by random access through
 * {@link SourceData}, so neither has to fit in the heap. The whole source is indexed (not just a
 * window around the current position), within a memory budget ({@link
 * Builder#sourceIndexBudget}) that sets how sparsely a very large source is sampled. Output is
 * deterministic: the same inputs and settings always give the same bytes.
 *
 * <p>Memory per call: the source index (4 bytes per sampled source position, at most the budget,
 * 128 MiB by default: a 1 GiB source is then sampled every 32 bytes), the target window buffer and
 * its sections (about twice the window size), the target match table (8 MiB at level 6; at level 9
 * 64 MiB with the default window size and 128 MiB with 16 MiB windows; less for small targets)
 * and, for a source not given as an array of up to {@code min(64 MiB, max heap / 8)} bytes, one
 * heap copy of the source. A 1 GiB pair encodes within {@code -Xmx512m}. With {@link
 * Builder#threads} above 1, the window state is there once per thread.
 *
 * <p>Instances are immutable and thread-safe; every {@code encode} call has its own state.
 *
 * <pre>{@code
 * VcdiffEncoder enc = VcdiffEncoder.builder().level(6).secondary(SecondaryCompression.LZMA).build();
 * byte[] delta = enc.encode(oldBytes, newBytes);
 * }</pre>
 */
public final class VcdiffEncoder {
  /**
   * Default level, chosen so that deltas come out about as small as {@code xdelta3 -9 -S none}'s
   * while encoding about as fast as {@code xdelta3 -3 -S none} (see the repository's
   * {@code BENCHMARKS.md}).
   */
  public static final int DEFAULT_LEVEL = 6;
  /** Default target window size in bytes: 8 MiB. */
  public static final int DEFAULT_WINDOW_SIZE = 8 << 20;
  /** The largest target window xdelta3 3.0.11 decodes. */
  public static final int MAX_WINDOW_SIZE = 16 << 20;
  /** Default memory for the source index: a 1 GiB source is then sampled every 32 bytes. */
  public static final long DEFAULT_SOURCE_INDEX_BUDGET = 128L << 20;

  private static final int FIRST_BUFFER = 1 << 16;

  private final int level;
  private final int windowSize;
  private final boolean checksum;
  private final byte[] appHeader;
  private final SecondaryCompression secondary;
  private final long sourceIndexBudget;
  private final boolean skipUnrelated;
  private final int threads;
  /** Where parallel windows are matched; null for a pool of this encoder's own per encode. */
  private final Executor executor;

  private VcdiffEncoder(Builder b) {
    this.level = b.level;
    this.windowSize = b.windowSize;
    this.checksum = b.checksum;
    this.appHeader = b.appHeader == null ? null : b.appHeader.clone();
    this.secondary = b.secondary;
    this.sourceIndexBudget = b.sourceIndexBudget;
    this.skipUnrelated = b.skipUnrelated;
    this.threads = b.threads;
    this.executor = b.executor;
  }

  /** A builder for an encoder with other settings, starting from the defaults of {@link #create()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this encoder's settings, to make a variant of it. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.level = level;
    b.windowSize = windowSize;
    b.checksum = checksum;
    b.appHeader = appHeader == null ? null : appHeader.clone();
    b.secondary = secondary;
    b.sourceIndexBudget = sourceIndexBudget;
    b.skipUnrelated = skipUnrelated;
    b.threads = threads;
    b.executor = executor;
    return b;
  }

  /** Whether windows are matched on a host's executor ({@link Builder#executor}). */
  public boolean hasExecutor() {
    return executor != null;
  }

  /** An encoder with the default settings. */
  public static VcdiffEncoder create() {
    return builder().build();
  }

  /** The compression level, 0 to 9 ({@link Builder#level}). */
  public int level() {
    return level;
  }

  /** The target window size in bytes ({@link Builder#windowSize}). */
  public int windowSize() {
    return windowSize;
  }

  /** How many threads one encode call may use ({@link Builder#threads}). */
  public int threads() {
    return threads;
  }

  /** Whether it {@linkplain Builder#skipUnrelated skips through unrelated data} faster. */
  public boolean skipsUnrelated() {
    return skipUnrelated;
  }

  /** The secondary compression of the sections, {@code NONE} or {@code LZMA} ({@link Builder#secondary}). */
  public SecondaryCompression secondary() {
    return secondary;
  }

  /** Encodes {@code target} against {@code source} and returns the delta. */
  public byte[] encode(byte[] source, byte[] target) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(target, "target");
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, target.length / 8));
    try {
      run(SourceData.of(source), null, target, out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot happen with in-memory inputs", e);
    }
    return out.toByteArray();
  }

  /**
   * Encodes the target read from {@code target} (to its end) against {@code source}, writing the
   * delta to {@code delta}. Neither stream nor the source is closed. Returns the number of delta
   * bytes written.
   *
   * @throws IOException if reading the target or the source, or writing the delta, fails
   */
  public long encode(SourceData source, InputStream target, OutputStream delta) throws IOException {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(delta, "delta");
    return run(source, target, null, delta);
  }

  /**
   * Writes the delta that rebuilds its source unchanged ({@code content} applied to itself): one
   * copy of the source per window, with this encoder's window size, checksum, secondary
   * compression flag and application header. Reads {@code content} once, to its end, for the
   * windows' Adler-32 and never reads the source, so the delta depends only on the bytes read
   * here; nothing is matched, so it costs a read. Returns the number of delta bytes written.
   */
  public long encodeIdentity(InputStream content, OutputStream delta) throws IOException {
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(delta, "delta");
    return IdentityDelta.write(content, delta, windowSize, checksum, secondary == SecondaryCompression.LZMA, appHeader);
  }

  private long run(SourceData source, InputStream in, byte[] whole, OutputStream out)
      throws IOException {
    try {
      return new Session(source).run(in, whole, out);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** The state of one encode call. */
  private final class Session {
    private final MatchLevel lv = MatchLevel.of(level, skipUnrelated);
    private final SourceReader reader;
    private final SourceIndex index;
    private WindowWriter writer;
    /** Where the next window starts in the target. */
    private long winStart;
    private boolean ended;

    Session(SourceData source) {
      reader = new SourceReader(source);
      index = level == 0 ? null : SourceIndex.build(reader, lv.sourceStep, sourceIndexBudget);
    }

    private WindowEncoder newWindowEncoder(SourceReader r) {
      return new WindowEncoder(lv, r, index, checksum, secondary == SecondaryCompression.LZMA);
    }

    long run(InputStream in, byte[] whole, OutputStream out) throws IOException {
      writer = new WindowWriter(out, checksum, appHeader, secondary == SecondaryCompression.LZMA);
      if (threads == 1 || (whole != null && whole.length <= windowSize)) {
        runSequential(in, whole);
      } else {
        runParallel(in, whole);
      }
      return writer.finish();
    }

    private void runSequential(InputStream in, byte[] whole) throws IOException {
      WindowEncoder enc = newWindowEncoder(reader);
      Slot slot = new Slot(enc);
      while (nextWindow(in, whole, slot)) {
        enc.encode(slot.buf, slot.n, slot.start);
        writer.write(enc);
      }
    }

    /**
     * Windows are matched on {@code threads} worker threads while this thread reads the next
     * window and writes finished ones in order. At most {@code threads} windows are in memory.
     */
    private void runParallel(InputStream in, byte[] whole) throws IOException {
      ExecutorService own = executor != null ? null : Executors.newFixedThreadPool(threads, r -> {
        Thread th = new Thread(r, "deltaglider-vcdiff-encoder");
        th.setDaemon(true);
        return th;
      });
      Executor pool = own != null ? own : executor;
      try {
        ArrayDeque<FutureTask<Slot>> running = new ArrayDeque<>();
        int slots = 0;
        while (true) {
          // A new slot per thread at first; then the oldest window's, once it is written.
          Slot slot;
          if (slots < threads) {
            slot = new Slot(newWindowEncoder(slots == 0 ? reader : reader.forAnotherThread()));
            slots++;
          } else {
            slot = awaitAndWrite(running.removeFirst());
          }
          if (!nextWindow(in, whole, slot)) {
            break;
          }
          Slot job = slot;
          FutureTask<Slot> task = new FutureTask<>(() -> {
            job.enc.encode(job.buf, job.n, job.start);
            return job;
          });
          running.addLast(task);
          try {
            pool.execute(task);
          } catch (RejectedExecutionException refused) {
            task.run(); // a host executor that takes no more work: match this window here
          }
        }
        while (!running.isEmpty()) {
          awaitAndWrite(running.removeFirst());
        }
      } finally {
        if (own != null) {
          own.shutdownNow();
        }
      }
    }

    private Slot awaitAndWrite(FutureTask<Slot> f) throws IOException {
      Slot done;
      f.run(); // does nothing if a worker took it; else this thread matches the window itself
      try {
        done = f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while encoding");
      } catch (ExecutionException e) {
        Throwable c = e.getCause();
        if (c instanceof UncheckedIOException) {
          throw ((UncheckedIOException) c).getCause();
        }
        if (c instanceof RuntimeException) {
          throw (RuntimeException) c;
        }
        if (c instanceof Error) {
          throw (Error) c;
        }
        throw new IOException(c);
      }
      writer.write(done.enc);
      return done;
    }

    /**
     * Puts the next window into {@code slot}; false at the end (an empty target still gets one,
     * empty, window).
     */
    private boolean nextWindow(InputStream in, byte[] whole, Slot slot) throws IOException {
      if (ended) {
        return false;
      }
      int n;
      if (whole != null) {
        n = (int) Math.min(windowSize, whole.length - winStart);
        if (winStart == 0 && n == whole.length) {
          slot.buf = whole; // one window: use the caller's array as it is
        } else {
          if (slot.buf == null || slot.buf.length < n) {
            slot.buf = new byte[n];
          }
          System.arraycopy(whole, (int) winStart, slot.buf, 0, n);
        }
      } else {
        n = readWindow(in, slot);
      }
      if (n == 0 && winStart > 0) {
        ended = true;
        return false;
      }
      slot.n = n;
      slot.start = winStart;
      winStart += n;
      ended = n < windowSize;
      return true;
    }

    /** Fills the slot's buffer with up to one window, growing it only as far as the input goes. */
    private int readWindow(InputStream in, Slot slot) throws IOException {
      byte[] buf = slot.buf;
      if (buf == null) {
        buf = new byte[Math.min(windowSize, FIRST_BUFFER)];
      }
      int n = 0;
      while (n < windowSize) {
        if (n == buf.length) {
          buf = java.util.Arrays.copyOf(buf, (int) Math.min(windowSize, buf.length * 2L));
        }
        int r = in.read(buf, n, buf.length - n);
        if (r < 0) {
          break;
        }
        n += r;
      }
      slot.buf = buf;
      return n;
    }
  }

  /** A window buffer and the encoder working on it. */
  private static final class Slot {
    final WindowEncoder enc;
    byte[] buf;
    int n;
    long start;

    Slot(WindowEncoder enc) {
      this.enc = enc;
    }
  }

  /** Settings for a {@link VcdiffEncoder}; not thread-safe, reusable. */
  public static final class Builder {
    private int level = DEFAULT_LEVEL;
    private int windowSize = DEFAULT_WINDOW_SIZE;
    private boolean checksum = true;
    private byte[] appHeader;
    private SecondaryCompression secondary = SecondaryCompression.NONE;
    private long sourceIndexBudget = DEFAULT_SOURCE_INDEX_BUDGET;
    private boolean skipUnrelated;
    private int threads = 1;
    private Executor executor;

    private Builder() {}

    /** 0 (no matching, fastest) to 9 (smallest, slowest); default {@value VcdiffEncoder#DEFAULT_LEVEL}. */
    public Builder level(int level) {
      if (level < 0 || level > 9) {
        throw new IllegalArgumentException("level must be between 0 and 9, was " + level);
      }
      this.level = level;
      return this;
    }

    /** Target window size in bytes, 1 to 16 MiB (xdelta3 3.0.11's limit); default 8 MiB. */
    public Builder windowSize(int bytes) {
      if (bytes < 1 || bytes > MAX_WINDOW_SIZE) {
        throw new IllegalArgumentException(
            "window size must be between 1 and " + MAX_WINDOW_SIZE + " bytes, was " + bytes);
      }
      this.windowSize = bytes;
      return this;
    }

    /** Whether each window carries an Adler-32 of its target bytes (xdelta3's default); default true. */
    public Builder checksum(boolean checksum) {
      this.checksum = checksum;
      return this;
    }

    /** Application header bytes (opaque; xdelta3 puts file names there), or {@code null} for none. */
    public Builder applicationHeader(byte[] header) {
      this.appHeader = header == null ? null : header.clone();
      return this;
    }

    /**
     * Secondary compression of the sections: {@code NONE} (default) or {@code LZMA}; {@code DJW}
     * and {@code FGK}, which only the decoder reads, are refused with an
     * {@link IllegalArgumentException}. With {@code LZMA} the first windows, up to about 1 MiB of
     * their sections, are held in memory until it is known whether compressing them pays; a delta
     * that small is never larger with {@code LZMA} than without it (FORMAT.md section 7.4).
     */
    public Builder secondary(SecondaryCompression secondary) {
      Objects.requireNonNull(secondary, "secondary");
      if (secondary != SecondaryCompression.NONE && secondary != SecondaryCompression.LZMA) {
        throw new IllegalArgumentException(
            "secondary compression " + secondary + " is not supported by the encoder yet (use NONE or LZMA)");
      }
      this.secondary = secondary;
      return this;
    }

    /**
     * Whether long stretches of target that match nothing are probed ever more sparsely (default
     * false). Levels 1-7 already step through unmatched data by up to 3 (level 1: 9) positions;
     * with this, after about 1.5 KB without a match the stride grows to 15, and returns to 1 at the
     * next match, which is extended back to its start. Changed compressed content (a re-made
     * {@code .tar.gz}, the changed entries of a jar) then encodes up to 3.5 times faster, for deltas
     * up to about 0.3 % larger (measured in the repository's {@code BENCHMARKS.md}): a run of source
     * shorter than a few hundred bytes inside such a stretch may be missed, since fewer probes land
     * on the positions the source index holds. Levels 8 and 9, which never skip, are unaffected.
     */
    public Builder skipUnrelated(boolean skip) {
      this.skipUnrelated = skip;
      return this;
    }

    /**
     * Memory in bytes the source index may use (default 128 MiB, at least 4096). The index holds
     * at most a quarter of the budget in entries (rounded down to a power of two); a source with
     * more positions than that times the level's sampling step is sampled more sparsely to fit.
     */
    public Builder sourceIndexBudget(long bytes) {
      if (bytes < 4096) {
        throw new IllegalArgumentException("source index budget must be at least 4096 bytes, was " + bytes);
      }
      this.sourceIndexBudget = bytes;
      return this;
    }

    /**
     * How many threads one encode call may use to match target windows (default 1: only the
     * calling thread). With more, that many windows are matched at once on threads of the call's
     * own (stopped when it returns) while the calling thread reads the target and writes finished
     * windows in order; the delta is the same bytes for any count. Only targets of more than one
     * window gain. Each thread holds one more window in memory: its buffer, its sections and a
     * target match table, about 3 window sizes at the default level.
     */
    public Builder threads(int threads) {
      if (threads < 1 || threads > 64) {
        throw new IllegalArgumentException("threads must be between 1 and 64, was " + threads);
      }
      this.threads = threads;
      return this;
    }

    /**
     * Where windows are matched when {@link #threads} is above 1 (default: a pool of the encoder's
     * own for each encode, shut down after it). A host's executor may be shared and bounded: a
     * window no thread of it has started yet is matched by the encoding thread itself, so a busy or
     * saturated executor slows an encode down but never stalls it. At most {@code threads} windows
     * are handed to it at once.
     */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /** An encoder with the settings given so far; the builder can go on to build others. */
    public VcdiffEncoder build() {
      return new VcdiffEncoder(this);
    }
  }
}
