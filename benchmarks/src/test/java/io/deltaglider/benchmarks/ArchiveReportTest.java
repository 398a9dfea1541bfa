package io.deltaglider.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.vcdiff.SecondaryCompression;
import io.deltaglider.vcdiff.VcdiffEncoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 19's comparison: stored rewrites of jars, the archive-aware row, and the report. */
class ArchiveReportTest {
  @TempDir Path dir;

  /** A jar of 40 text-ish "classes", deflated by java.util.zip; {@code edit} changes one. */
  static void jar(Path file, int edit) throws IOException {
    try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry("com/example/"));
      zip.closeEntry();
      for (int i = 0; i < 40; i++) {
        Random r = new Random(i);
        StringBuilder sb = new StringBuilder();
        for (int j = 0; j < 600; j++) {
          sb.append("method").append(r.nextInt(50)).append(i == edit && j == 300 ? " changed " : " ");
        }
        ZipEntry e = new ZipEntry("com/example/C" + i + ".class");
        e.setTime(1_700_000_000_000L);
        zip.putNextEntry(e);
        zip.write(sb.toString().getBytes(StandardCharsets.US_ASCII));
        zip.closeEntry();
      }
    }
  }

  @Test
  void storedJarKeepsEveryEntryUncompressedAndIsDeterministic() throws IOException {
    Path jar = dir.resolve("a.jar");
    jar(jar, -1);
    Path one = dir.resolve("one.jar");
    Path two = dir.resolve("two.jar");
    StoredJar.rewrite(jar, one);
    StoredJar.main(new String[] {jar.toString(), two.toString()});
    assertArrayEquals(Files.readAllBytes(one), Files.readAllBytes(two));
    try (ZipFile in = new ZipFile(jar.toFile()); ZipFile out = new ZipFile(one.toFile())) {
      List<? extends ZipEntry> a = Collections.list(in.entries());
      List<? extends ZipEntry> b = Collections.list(out.entries());
      assertEquals(a.size(), b.size());
      for (int i = 0; i < a.size(); i++) {
        assertEquals(a.get(i).getName(), b.get(i).getName());
        assertEquals(ZipEntry.STORED, b.get(i).getMethod());
        assertEquals(a.get(i).getTimeLocal(), b.get(i).getTimeLocal());
        assertArrayEquals(in.getInputStream(a.get(i)).readAllBytes(),
            out.getInputStream(b.get(i)).readAllBytes());
      }
    }
    assertTrue(Files.size(one) > Files.size(jar));
  }

  @Test
  void countersAreNamedByTheArchiveKind() {
    assertEquals("x-1-2.stored.jar", ArchiveReport.uncompressed("x-1-2.jar"));
    assertEquals("m-1-2-bin.tar", ArchiveReport.uncompressed("m-1-2-bin.tar.gz"));
    assertEquals("t-1-2.tar", ArchiveReport.uncompressed("t-1-2.tgz"));
    assertNull(ArchiveReport.uncompressed("x-1-2.stored.jar"));
    assertNull(ArchiveReport.uncompressed("t-1-2.tar"));
    assertEquals(List.of("a.tgz", "a.tar", "b.jar", "b.stored.jar", "c"),
        ArchiveReport.order(List.of("a.tgz", "b.jar", "a.tar", "c", "b.stored.jar")));
  }

  @Test
  void archiveAwareRowRoundTripsAndTheReportHasTheGoalRatios() throws Exception {
    Path a = dir.resolve("lib-1.jar");
    Path b = dir.resolve("lib-2.jar");
    jar(a, -1);
    jar(b, 17);
    Path as = dir.resolve("lib-1.stored.jar");
    Path bs = dir.resolve("lib-2.stored.jar");
    StoredJar.rewrite(a, as);
    StoredJar.rewrite(b, bs);
    List<Pair> pairs = List.of(new Pair("lib-1-2.jar", a, b), new Pair("lib-1-2.stored.jar", as, bs));
    Compare.Result result = Compare.run(new Compare.Options().pairs(pairs)
        .tools(List.of(new DeltagliderJava(VcdiffEncoder.DEFAULT_LEVEL, SecondaryCompression.LZMA),
            new ArchiveAware()))
        .out(dir.resolve("out")).rounds(1).warmups(0).inProcess(true).interop(false),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    for (Compare.Row row : result.rows()) {
      assertEquals("ok", row.status(), row.tool() + " " + row.note);
      assertEquals(Boolean.TRUE, row.exact(), row.tool());
    }
    List<ArchiveReport.Result> rows = ArchiveReport.read(result.tsv());
    assertEquals(4, rows.size());
    String md = ArchiveReport.markdown(rows, Map.of("lib-1-2.jar", pairs.get(0)));
    // one class changed: the archive-aware delta is far below the plain one, every stream expanded
    assertTrue(md.contains("| lib-1-2.jar | "), md);
    assertTrue(Pattern.compile("\\| (4[01]) / \\1 \\(100.0 %\\) \\[\\1 / \\1\\] \\|").matcher(md).find(), md);
    long aa = rows.stream().filter(r -> r.pair().equals("lib-1-2.jar") && r.tool().equals(ArchiveAware.NAME))
        .findFirst().orElseThrow().delta();
    long plain = rows.stream().filter(r -> r.pair().equals("lib-1-2.jar") && r.tool().equals(ArchiveReport.PLAIN))
        .findFirst().orElseThrow().delta();
    assertTrue(aa * 3 < plain, aa + " vs " + plain);
    Path png = dir.resolve("sizes.png");
    SizePlot.write(rows, png);
    assertTrue(Files.size(png) > 1000);
  }
}
