package io.deltaglider.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Rewrites a jar (or any zip) with every entry stored, not deflated: the "as if never compressed"
 * counterpart of a jar pair, as a {@code .tar} is of a {@code .tar.gz}. Deterministic: the entries
 * in the order of the central directory, with their names, contents and local modification times
 * (DOS fields, so no time zone enters), and nothing else (no extra fields, no comments).
 *
 * <pre>java -cp benchmarks.jar io.deltaglider.benchmarks.StoredJar IN.jar OUT.jar [IN OUT ...]</pre>
 *
 * OUT is written under a temporary name and moved into place; an OUT already there is kept.
 */
public final class StoredJar {
  private StoredJar() {}

  public static void main(String[] args) throws IOException {
    if (args.length == 0 || args.length % 2 != 0) {
      System.err.println("usage: StoredJar IN.jar OUT.jar [IN.jar OUT.jar ...]");
      System.exit(2);
    }
    for (int i = 0; i < args.length; i += 2) {
      Path out = Path.of(args[i + 1]);
      if (!Files.exists(out)) {
        rewrite(Path.of(args[i]), out);
      }
    }
  }

  /** Writes {@code jar}'s entries, stored, to {@code out}. */
  public static void rewrite(Path jar, Path out) throws IOException {
    Path tmp = out.resolveSibling(out.getFileName() + ".part");
    try (ZipFile in = new ZipFile(jar.toFile());
        OutputStream file = Files.newOutputStream(tmp);
        ZipOutputStream zip = new ZipOutputStream(file)) {
      for (ZipEntry e : Collections.list(in.entries())) {
        byte[] content;
        try (InputStream s = in.getInputStream(e)) {
          content = s.readAllBytes();
        }
        CRC32 crc = new CRC32();
        crc.update(content);
        ZipEntry stored = new ZipEntry(e.getName());
        stored.setTimeLocal(e.getTimeLocal());
        stored.setMethod(ZipEntry.STORED);
        stored.setSize(content.length);
        stored.setCompressedSize(content.length);
        stored.setCrc(crc.getValue());
        zip.putNextEntry(stored);
        zip.write(content);
        zip.closeEntry();
      }
    }
    Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
