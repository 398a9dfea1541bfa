package io.deltaglider.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A layout pins an expanded form: replaying it on the archive gives the very form expand made,
 * whatever the expand of the reader would make (other limits, another settings search), and a
 * layout that does not fit its archive is refused, never turned into some other form silently
 * beyond what its bound allows.
 */
class LayoutReplayTest {
  /** The form, recipe and layout of one expand. */
  record Made(byte[] form, byte[] recipe, byte[] layout, ExpandResult result) {}

  static Made expand(byte[] archive, ArchiveTransforms t) throws IOException {
    ByteArrayOutputStream form = new ByteArrayOutputStream();
    ByteArrayOutputStream recipe = new ByteArrayOutputStream();
    ByteArrayOutputStream layout = new ByteArrayOutputStream();
    ExpandResult r = t.expand(new ByteArrayInputStream(archive), form, recipe, layout);
    return new Made(form.toByteArray(), recipe.toByteArray(), layout.toByteArray(), r);
  }

  static byte[] replay(byte[] archive, byte[] layout, long max) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long n = ArchiveTransforms.create().replay(new ByteArrayInputStream(archive), new ByteArrayInputStream(layout), out,
        max);
    assertEquals(out.size(), n);
    return out.toByteArray();
  }

  /** A raw deflate stream of stored blocks of 100 bytes: it inflates, and no zlib setting makes it. */
  static byte[] oddStream(byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int at = 0; at < content.length || at == 0; at += 100) {
      int n = Math.min(100, content.length - at);
      out.write(at + n >= content.length ? 1 : 0);
      out.write(n);
      out.write(n >>> 8);
      out.write(~n);
      out.write(~n >>> 8);
      out.write(content, at, n);
    }
    return out.toByteArray();
  }

  /** A gzip member around a raw stream, its trailer right. */
  static byte[] gzipAround(byte[] stream, byte[] content) {
    Samples.Le out = new Samples.Le();
    out.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3});
    out.writeBytes(stream);
    out.u32(Samples.crc(content)).u32(content.length);
    return out.toByteArray();
  }

  static Map<String, byte[]> samples() {
    byte[] text = Samples.text(1, 200_000);
    byte[] jar = Samples.zip(6, "a.txt", Samples.text(2, 30_000), "b.bin", Samples.random(3, 5000), "c/d.txt",
        Samples.text(4, 70_000), "empty", new byte[0]);
    byte[] tar = new TarWriter().file("lib/app.jar", jar).file("README", Samples.text(5, 4000))
        .file("lib/stored.zip", Samples.zip(-1, "x", Samples.text(6, 1000), "inner.jar", jar)).finish();
    Map<String, byte[]> out = new LinkedHashMap<>();
    out.put("empty", new byte[0]);
    out.put("not an archive", Samples.random(7, 600_000));
    out.put("gzip", Samples.gzip(text));
    out.put("jar", jar);
    out.put("tar.gz of jars", Samples.gzip(tar));
    out.put("zip at level 1 and 9", Samples.zip(1, "a", text, "b", Samples.text(8, 9000)));
    out.put("a stream nothing reproduces", gzipAround(oddStream(text), text));
    byte[] gz = Samples.gzip(text);
    out.put("truncated gzip", Arrays.copyOf(gz, gz.length / 2));
    out.put("gzip then junk", concat(gz, Samples.random(9, 3000)));
    return out;
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void replayGivesTheFormExpandMade() throws Exception {
    for (Map.Entry<String, byte[]> e : samples().entrySet()) {
      Made m = expand(e.getValue(), ArchiveTransforms.create());
      assertArrayEquals(m.form, replay(e.getValue(), m.layout, m.form.length), e.getKey());
      assertTrue(m.layout.length <= m.form.length, e.getKey() + ": the layout is never longer than the form");
    }
  }

  @Test
  void replayDoesNotDependOnTheReadersExpand() throws Exception {
    byte[] level1 = Samples.zip(1, "a", Samples.text(10, 50_000), "b", Samples.text(11, 20_000));
    byte[] archive = Samples.gzip(new TarWriter().file("one.jar", samples().get("jar")).file("two.zip", level1).finish());
    Made pinned = expand(archive, ArchiveTransforms.create());
    for (ArchiveLimits other : List.of(ArchiveLimits.builder().maxDepth(1).build(),
        ArchiveLimits.builder().maxTriesPerStream(1).build(), ArchiveLimits.builder().maxDepth(0).build())) {
      Made now = expand(archive, ArchiveTransforms.withLimits(other));
      assertFalse(Arrays.equals(pinned.form, now.form), other + " expands differently");
      assertArrayEquals(pinned.form, replay(archive, pinned.layout, Long.MAX_VALUE), "the layout pins the form");
    }
  }

  @Test
  void aLayoutOfAnotherArchiveOrADamagedOneIsRefusedOrGivesAnotherForm() throws Exception {
    Map<String, byte[]> s = samples();
    byte[] archive = s.get("tar.gz of jars");
    Made m = expand(archive, ArchiveTransforms.create());
    assertThrows(ArchiveFormatException.class, () -> replay(Arrays.copyOf(archive, archive.length - 1), m.layout,
        Long.MAX_VALUE), "truncated archive");
    assertThrows(ArchiveFormatException.class, () -> replay(concat(archive, new byte[1]),
        m.layout, Long.MAX_VALUE), "an archive longer than its layout");
    assertThrows(ArchiveFormatException.class, () -> replay(s.get("jar"), m.layout, Long.MAX_VALUE), "another archive");
    assertThrows(ArchiveFormatException.class, () -> replay(archive, Arrays.copyOf(m.layout, m.layout.length - 1),
        Long.MAX_VALUE), "truncated layout");
    assertThrows(ArchiveFormatException.class, () -> replay(archive, m.layout, m.form.length - 1), "over the bound");
    for (int at = 0; at < m.layout.length; at++) {
      for (int flip : new int[] {0x01, 0x80}) {
        byte[] bad = m.layout.clone();
        bad[at] ^= (byte) flip;
        try {
          byte[] form = replay(archive, bad, 4L * m.form.length);
          assertFalse(Arrays.equals(m.form, form), "byte " + at + " changed the layout, not the form");
        } catch (ArchiveFormatException expected) {
          // refused
        }
      }
    }
  }

  @Test
  void aLayoutCannotMakeABombInflateBeyondItsBound() {
    byte[] zeros = new byte[64 << 20];
    byte[] bomb = Samples.gzip(zeros);
    Samples.Le layout = new Samples.Le();
    layout.writeBytes(Canonical.LAYOUT_MAGIC);
    layout.write1(Canonical.TAG_RAW).write1(10).write1(Canonical.TAG_BEGIN);
    layout.write1(Canonical.TAG_RAW).writeBytes(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f});
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
      ArchiveFormatException e = assertThrows(ArchiveFormatException.class,
          () -> replay(bomb, layout.toByteArray(), 1 << 20));
      assertTrue(e.getMessage().contains("bound"), e.getMessage());
      // A layout that ends a bomb's stream at once reads only as far as the first byte after it.
      Samples.Le endAtOnce = new Samples.Le();
      endAtOnce.writeBytes(Canonical.LAYOUT_MAGIC);
      endAtOnce.write1(Canonical.TAG_RAW).write1(10).write1(Canonical.TAG_BEGIN).write1(Canonical.TAG_END);
      assertThrows(ArchiveFormatException.class, () -> replay(bomb, endAtOnce.toByteArray(), 1 << 20));
    });
  }

  @Test
  void realJarsReplayExactly() throws Exception {
    for (Path jar : RealArchives.someM2Jars(6, 200_000, 4_000_000)) {
      byte[] archive = Files.readAllBytes(jar);
      Made m = expand(archive, ArchiveTransforms.create());
      assertArrayEquals(m.form, replay(archive, m.layout, m.form.length), jar.getFileName().toString());
      System.out.printf("%s: %,d bytes, %,d streams, form %,d, layout %,d%n", jar.getFileName(), archive.length,
          m.result.deflateStreams(), m.form.length, m.layout.length);
    }
  }
}
