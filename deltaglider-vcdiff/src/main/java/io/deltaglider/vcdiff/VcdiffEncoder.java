package io.deltaglider.vcdiff;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.zip.Adler32;

/**
 * Encodes VCDIFF (RFC 3284) deltas in the xdelta3 dialect: every output is decodable by xdelta3
 * 3.0.11 ({@code xdelta3 -d -s SOURCE DELTA OUT}) and by {@code VcdiffDecoder}.
 *
 * <p>The target is read window by window from a stream; the source only by random access through
 * {@link SourceData}, so neither has to fit in the heap. The whole source is indexed (not just a
 * window around the current position), within a memory budget ({@link
 * Builder#sourceIndexBudget}) that sets how sparsely a very large source is sampled. Output is
 * deterministic: the same inputs and settings always give the same bytes.
 *
 * <p>Memory per call: the source index (4 bytes per sampled source position, at most the budget,
 * 128 MiB by default: a 1 GiB source is then sampled every 32 bytes), the target window buffer and
 * its sections (about twice the window size), the target match table (8 MiB at level 6, up to 64
 * MiB at level 9, less for small targets) and, for file sources up to {@code min(64 MiB, max heap
 * / 8)}, one heap copy of the source. A 1 GiB pair encodes within {@code -Xmx512m}.
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
   * while encoding about as fast as {@code xdelta3 -3 -S none} (see the module's benchmarks).
   */
  public static final int DEFAULT_LEVEL = 6;
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

  private VcdiffEncoder(Builder b) {
    this.level = b.level;
    this.windowSize = b.windowSize;
    this.checksum = b.checksum;
    this.appHeader = b.appHeader == null ? null : b.appHeader.clone();
    this.secondary = b.secondary;
    this.sourceIndexBudget = b.sourceIndexBudget;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** An encoder with the default settings. */
  public static VcdiffEncoder create() {
    return builder().build();
  }

  public int level() {
    return level;
  }

  public int windowSize() {
    return windowSize;
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
   * delta to {@code delta}. Neither stream is closed. Returns the number of delta bytes written.
   */
  public long encode(SourceData source, InputStream target, OutputStream delta) throws IOException {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(delta, "delta");
    return run(source, target, null, delta);
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
    private final TargetMatcher matcher;
    private final ByteSink data = new ByteSink(1 << 12);
    private final ByteSink inst = new ByteSink(1 << 12);
    private final ByteSink addrs = new ByteSink(1 << 12);
    private final ByteSink packed = new ByteSink(1 << 10); // compressed section scratch
    private final ByteSink header = new ByteSink(64);
    private final InstructionEncoder instructions = new InstructionEncoder(inst);
    private final AddressEncoder addresses = new AddressEncoder();
    private final LzmaSections lzma = secondary == SecondaryCompression.LZMA ? new LzmaSections() : null;
    private final Adler32 adler = new Adler32();
    private long written;

    Session(SourceData source) {
      TargetMatcher.Level lv = TargetMatcher.Level.of(level);
      SourceReader reader = new SourceReader(source);
      SourceIndex index = level == 0 ? null : SourceIndex.build(reader, lv.sourceStep, sourceIndexBudget);
      matcher = new TargetMatcher(lv, reader, index);
    }

    long run(InputStream in, byte[] whole, OutputStream out) throws IOException {
      writeFileHeader(out);
      byte[] buf = null;
      long winStart = 0;
      while (true) {
        byte[] t;
        int n;
        if (whole != null) {
          n = (int) Math.min(windowSize, whole.length - winStart);
          if (winStart == 0 && n == whole.length) {
            t = whole; // one window: use the caller's array as it is
          } else {
            if (buf == null) {
              buf = new byte[n];
            }
            System.arraycopy(whole, (int) winStart, buf, 0, n);
            t = buf;
          }
        } else {
          buf = readWindow(in, buf);
          n = filled;
          t = buf;
        }
        if (n == 0 && winStart > 0) {
          break;
        }
        matcher.match(t, n, winStart);
        writeWindow(t, n, out);
        winStart += n;
        if (n < windowSize) {
          break;
        }
      }
      return written;
    }

    private int filled;

    /** Fills a buffer with up to one window, growing it only as far as the input goes. */
    private byte[] readWindow(InputStream in, byte[] buf) throws IOException {
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
      filled = n;
      return buf;
    }

    private void writeFileHeader(OutputStream out) throws IOException {
      header.reset();
      header.write(Constants.MAGIC0);
      header.write(Constants.MAGIC1);
      header.write(Constants.MAGIC2);
      header.write(Constants.VERSION_RFC);
      int ind = 0;
      if (lzma != null) {
        ind |= Constants.VCD_DECOMPRESS;
      }
      if (appHeader != null) {
        ind |= Constants.VCD_APPHEADER;
      }
      header.write(ind);
      if (lzma != null) {
        header.write(Constants.SEC_LZMA);
      }
      if (appHeader != null) {
        header.writeVarint(appHeader.length);
        header.write(appHeader, 0, appHeader.length);
      }
      emit(header, out);
    }

    private void writeWindow(byte[] t, int n, OutputStream out) throws IOException {
      TargetMatcher m = matcher;
      data.reset();
      inst.reset();
      addrs.reset();
      addresses.reset();
      boolean hasSource = m.minSource != Long.MAX_VALUE;
      long cpyoff = hasSource ? m.minSource : 0;
      long cpylen = hasSource ? m.maxSourceEnd - m.minSource : 0;
      int p = 0;
      for (int i = 0; i < m.count; i++) {
        int tp = m.tpos[i];
        int len = m.ilen[i];
        if (tp > p) {
          data.write(t, p, tp - p);
          instructions.add(tp - p);
        }
        switch (m.kind[i]) {
          case TargetMatcher.RUN:
            data.write(t[tp]);
            instructions.run(len);
            break;
          case TargetMatcher.COPY_SOURCE:
            instructions.copy(len, addresses.encode(m.addr[i] - cpyoff, cpylen + tp, addrs));
            break;
          default:
            instructions.copy(len, addresses.encode(cpylen + m.addr[i], cpylen + tp, addrs));
            break;
        }
        p = tp + len;
      }
      if (p < n) {
        data.write(t, p, n - p);
        instructions.add(n - p);
      }
      instructions.flush();

      int deltaInd = 0;
      ByteSink d = data;
      ByteSink in = inst;
      ByteSink a = addrs;
      if (lzma != null) {
        // Section bodies are concatenated into `packed`; remember where each starts.
        packed.reset();
        int[] bounds = new int[4];
        ByteSink[] raw = {data, inst, addrs};
        for (int k = 0; k < 3; k++) {
          bounds[k] = packed.len;
          // Already-compressed ADD bytes go out as they are: LZMA would not shrink them and is
          // slow at finding that out. The section's bit stays clear, so decoders skip its stream.
          boolean skip = k == 0 && Incompressible.looksIncompressible(raw[k].buf, raw[k].len);
          if (raw[k].len >= Constants.SEC_MIN_INPUT && !skip) {
            lzma.compress(k, raw[k], packed);
            deltaInd |= 1 << k; // VCD_DATACOMP, VCD_INSTCOMP, VCD_ADDRCOMP
          } else {
            packed.write(raw[k].buf, 0, raw[k].len);
          }
        }
        bounds[3] = packed.len;
        writeWindowHeader(t, n, hasSource, cpyoff, cpylen, deltaInd,
            bounds[1] - bounds[0], bounds[2] - bounds[1], bounds[3] - bounds[2], out);
        emit(packed, out);
        return;
      }
      writeWindowHeader(t, n, hasSource, cpyoff, cpylen, deltaInd, d.len, in.len, a.len, out);
      emit(d, out);
      emit(in, out);
      emit(a, out);
    }

    private void writeWindowHeader(byte[] t, int n, boolean hasSource, long cpyoff, long cpylen,
        int deltaInd, int dl, int il, int al, OutputStream out) throws IOException {
      header.reset();
      header.write((hasSource ? Constants.VCD_SOURCE : 0) | (checksum ? Constants.VCD_ADLER32 : 0));
      if (hasSource) {
        header.writeVarint(cpylen);
        header.writeVarint(cpyoff);
      }
      long deltaLen = VarInt.size(n) + 1 + VarInt.size(dl) + VarInt.size(il) + VarInt.size(al)
          + (checksum ? 4 : 0) + (long) dl + il + al;
      header.writeVarint(deltaLen);
      header.writeVarint(n);
      header.write(deltaInd);
      header.writeVarint(dl);
      header.writeVarint(il);
      header.writeVarint(al);
      if (checksum) {
        adler.reset();
        adler.update(t, 0, n);
        int v = (int) adler.getValue();
        header.write(v >>> 24);
        header.write(v >>> 16);
        header.write(v >>> 8);
        header.write(v);
      }
      emit(header, out);
    }

    private void emit(ByteSink s, OutputStream out) throws IOException {
      out.write(s.buf, 0, s.len);
      written += s.len;
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

    /** Secondary compression of the sections: {@code NONE} (default) or {@code LZMA}. */
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
     * Memory in bytes the source index may use (default 128 MiB). Sources larger than a quarter of
     * the budget (in bytes) times the level's sampling step are sampled more sparsely to fit.
     */
    public Builder sourceIndexBudget(long bytes) {
      if (bytes < 4096) {
        throw new IllegalArgumentException("source index budget must be at least 4096 bytes, was " + bytes);
      }
      this.sourceIndexBudget = bytes;
      return this;
    }

    public VcdiffEncoder build() {
      return new VcdiffEncoder(this);
    }
  }
}
