package io.deltaglider.storage.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The sidecar file of sidecar mode (FORMAT.md section 5.4): its name beside the data file
 * ({@code .NAME\dg-meta}) and its text, a header line and records, each a {@link SidecarRecord}
 * and the metadata JSON of the data it describes:
 *
 * <pre>
 * dg-sidecar 1
 * &lt;inode&gt; &lt;size&gt; &lt;mtime-ns&gt; &lt;fingerprint&gt; &lt;json&gt;
 * </pre>
 *
 * A write keeps two records (the new data's first, the current data's second), so the switch of a
 * data file and its sidecar is atomic for readers (see {@link SidecarMetadata}). Stateless.
 */
final class SidecarFile {
  static final String SUFFIX = KeyPaths.OWN + "dg-meta";
  static final String HEADER = "dg-sidecar 1";
  /** Room for two records of the largest metadata, and then some. */
  static final int MAX_BYTES = 3 * MetadataJson.MAX_BYTES;

  /** One record and the metadata JSON it carries. */
  record Entry(SidecarRecord record, byte[] json) {}

  private SidecarFile() {}

  /** The sidecar of the data file {@code file}. */
  static Path of(Path file) {
    return file.resolveSibling("." + file.getFileName() + SUFFIX);
  }

  /** Whether {@code name} is a sidecar's file name. */
  static boolean isSidecarName(String name) {
    return name.startsWith(".") && name.endsWith(SUFFIX);
  }

  /** The name of the data file of the sidecar named {@code name} ({@link #isSidecarName}). */
  static String dataName(String name) {
    return name.substring(1, name.length() - SUFFIX.length());
  }

  /** The text of a sidecar holding {@code entries}, in this order. */
  static byte[] format(List<Entry> entries) {
    StringBuilder text = new StringBuilder(HEADER).append('\n');
    for (Entry e : entries) {
      SidecarRecord r = e.record();
      text.append(r.ino).append(' ').append(r.size).append(' ').append(r.mtimeNanos).append(' ').append(r.fingerprint)
          .append(' ').append(new String(e.json(), StandardCharsets.UTF_8)).append('\n');
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The records of a sidecar's text; IllegalArgumentException if it is not a sidecar's. */
  static List<Entry> parse(byte[] raw) {
    String[] lines = new String(raw, StandardCharsets.UTF_8).split("\n", -1);
    if (lines.length < 2 || !lines[0].equals(HEADER) || !lines[lines.length - 1].isEmpty()) {
      throw new IllegalArgumentException("not a sidecar file");
    }
    List<Entry> out = new ArrayList<>(lines.length - 2);
    for (int i = 1; i < lines.length - 1; i++) {
      String[] f = lines[i].split(" ", 5);
      if (f.length != 5 || f[3].length() != 32) {
        throw new IllegalArgumentException("bad sidecar record");
      }
      try {
        SidecarRecord r = new SidecarRecord(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]), f[3]);
        out.add(new Entry(r, f[4].getBytes(StandardCharsets.UTF_8)));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad sidecar record", e);
      }
    }
    return out;
  }

  /**
   * The metadata JSON of the first record of the sidecar {@code sidecar} that describes
   * {@code data} (the current record of {@code dataFile}), or null if there is no sidecar or no
   * record describes it; IllegalArgumentException if the sidecar is damaged.
   */
  static byte[] metadataOf(FileOps ops, Path sidecar, Path dataFile, SidecarRecord data) throws IOException {
    if (data == null) {
      return null;
    }
    byte[] raw;
    try {
      raw = read(ops, sidecar);
    } catch (NoSuchFileException e) {
      return null;
    }
    for (Entry e : parse(raw)) {
      if (e.record().describes(ops, data, dataFile)) {
        return e.json();
      }
    }
    return null;
  }

  /** The whole sidecar; IllegalArgumentException (damaged) if it is over {@link #MAX_BYTES}. */
  static byte[] read(FileOps ops, Path sidecar) throws IOException {
    try (FileChannel ch = ops.openRead(sidecar)) {
      long size = ch.size();
      ByteBuffer buf = ByteBuffer.allocate((int) Math.min(size, MAX_BYTES) + 1);
      while (size <= MAX_BYTES && ch.read(buf) > 0 && buf.hasRemaining()) {
        // fill
      }
      if (size > MAX_BYTES) {
        throw new IllegalArgumentException("it is " + size + " bytes, over the limit of " + MAX_BYTES);
      }
      if (buf.position() > size) {
        throw new IllegalArgumentException("it grew while it was read"); // ours are replaced, never rewritten
      }
      return Arrays.copyOf(buf.array(), buf.position());
    }
  }
}
