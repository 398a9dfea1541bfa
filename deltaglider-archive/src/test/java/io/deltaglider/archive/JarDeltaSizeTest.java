package io.deltaglider.archive;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.deltaglider.vcdiff.SecondaryCompression;
import io.deltaglider.vcdiff.VcdiffEncoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/**
 * What expanding buys: the VCDIFF delta between the expanded forms of two similar jars (plus the
 * new jar's recipe) against the delta between the jars themselves, with the store's encoder
 * settings. Sizes are printed.
 */
class JarDeltaSizeTest {
  private static final VcdiffEncoder ENCODER = VcdiffEncoder.builder().secondary(SecondaryCompression.LZMA).build();

  /** A jar's entries, in order. */
  record Entry(String name, long time, byte[] content) {}

  static List<Entry> entries(Path jar) throws IOException {
    List<Entry> list = new ArrayList<>();
    try (ZipFile z = new ZipFile(jar.toFile())) {
      for (ZipEntry e : java.util.Collections.list(z.entries())) {
        list.add(new Entry(e.getName(), e.getTime(), z.getInputStream(e).readAllBytes()));
      }
    }
    return list;
  }

  /** Entries of about 300 made-up classes, for machines without a Maven repository. */
  static List<Entry> madeUpEntries() {
    List<Entry> list = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      list.add(new Entry("com/example/C" + i + ".class", 1_700_000_000_000L, Samples.text(i, 1000 + i * 37 % 9000)));
    }
    return list;
  }

  /** A jar as java.util.zip writes it, deflated at level 6 or stored. */
  static byte[] jar(List<Entry> entries, boolean stored) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      for (Entry en : entries) {
        ZipEntry e = new ZipEntry(en.name());
        e.setTime(en.time());
        if (stored) {
          e.setMethod(ZipEntry.STORED);
          e.setSize(en.content().length);
          e.setCrc(Samples.crc(en.content()));
        }
        zip.putNextEntry(e);
        zip.write(en.content());
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** The entries with one class, in the middle of the jar, changed: 8 bytes rewritten, 32 inserted. */
  static List<Entry> withOneClassChanged(List<Entry> entries) {
    List<Entry> classes = entries.stream().filter(e -> e.name().endsWith(".class") && e.content().length > 200).toList();
    Entry victim = classes.get(classes.size() / 2);
    byte[] c = victim.content();
    ByteArrayOutputStream changed = new ByteArrayOutputStream();
    changed.write(c, 0, c.length / 2);
    changed.writeBytes("CHANGED!".getBytes());
    changed.writeBytes(Samples.text(99, 32));
    changed.write(c, c.length / 2 + 8, c.length - c.length / 2 - 8);
    List<Entry> out = new ArrayList<>();
    for (Entry e : entries) {
      out.add(e == victim ? new Entry(e.name(), e.time(), changed.toByteArray()) : e);
    }
    return out;
  }

  record Sizes(long plainDelta, long expandedDelta, long recipe, long uncompressedDelta) {
    long archiveAware() {
      return expandedDelta + recipe;
    }
  }

  static Sizes measure(String label, byte[] older, byte[] newer, byte[] olderStored, byte[] newerStored) {
    RoundTrip a = RoundTrip.of(older);
    RoundTrip b = RoundTrip.of(newer);
    long plain = ENCODER.encode(older, newer).length;
    long expanded = ENCODER.encode(a.expanded, b.expanded).length;
    long uncompressed = olderStored == null ? -1 : ENCODER.encode(olderStored, newerStored).length;
    Sizes s = new Sizes(plain, expanded, b.recipe.length, uncompressed);
    System.out.printf("%s: jars %,d -> %,d bytes (%d of %d streams expanded); plain delta %,d; delta of expanded"
        + " forms %,d + recipe %,d = %,d (%.1fx smaller)%s%n", label, older.length, newer.length,
        b.result.streamsExpanded(), b.result.deflateStreams(), plain, expanded, s.recipe(), s.archiveAware(),
        (double) plain / s.archiveAware(), uncompressed < 0 ? ""
            : String.format("; delta of the same jars stored uncompressed %,d (%.2fx of it)", uncompressed,
                (double) s.archiveAware() / uncompressed));
    return s;
  }

  @Test
  void oneClassChanged() throws IOException {
    List<Path> real = RealArchives.m2Jars("com/fasterxml/jackson/core/jackson-core/2.23.0/jackson-core-2.23.0.jar",
        "org/tukaani/xz/1.12/xz-1.12.jar");
    List<Entry> entries = real.isEmpty() ? madeUpEntries() : entries(real.get(0));
    String label = real.isEmpty() ? "made-up jar" : real.get(0).getFileName().toString();
    List<Entry> changed = withOneClassChanged(entries);
    Sizes s = measure(label + ", one class changed", jar(entries, false), jar(changed, false), jar(entries, true),
        jar(changed, true));
    assertTrue(s.archiveAware() * 3 < s.plainDelta(), "at least 3x smaller: " + s);
    assertTrue(s.archiveAware() < s.uncompressedDelta() * 1.25, "within 1.25x of the uncompressed pair: " + s);
  }

  /** Successive releases from the local Maven repository, where present: printed, not asserted. */
  @Test
  void realReleasePairs() throws IOException {
    String[][] pairs = {
        {"com/fasterxml/jackson/core/jackson-databind/2.22.3/jackson-databind-2.22.3.jar",
            "com/fasterxml/jackson/core/jackson-databind/2.23.0/jackson-databind-2.23.0.jar"},
        {"com/fasterxml/jackson/core/jackson-core/2.22.3/jackson-core-2.22.3.jar",
            "com/fasterxml/jackson/core/jackson-core/2.23.0/jackson-core-2.23.0.jar"},
        {"com/google/guava/guava/33.7.1-jre/guava-33.7.1-jre.jar", "com/google/guava/guava/33.7.2-jre/guava-33.7.2-jre.jar"},
        {"org/eclipse/jetty/jetty-util/12.1.13/jetty-util-12.1.13.jar",
            "org/eclipse/jetty/jetty-util/12.1.14/jetty-util-12.1.14.jar"},
        {"net/bytebuddy/byte-buddy/1.18.13/byte-buddy-1.18.13.jar", "net/bytebuddy/byte-buddy/1.18.14/byte-buddy-1.18.14.jar"},
    };
    int measured = 0;
    for (String[] pair : pairs) {
      List<Path> found = RealArchives.m2Jars(pair);
      if (found.size() == 2) {
        byte[] older = Files.readAllBytes(found.get(0));
        byte[] newer = Files.readAllBytes(found.get(1));
        measure(found.get(0).getFileName() + " -> " + found.get(1).getFileName(), older, newer,
            jar(entries(found.get(0)), true), jar(entries(found.get(1)), true));
        measured++;
      }
    }
    assumeTrue(measured > 0, "no release pairs in " + RealArchives.m2());
  }
}
