package io.deltaglider.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TarTransformTest {

  @Test
  void plainTarPassesThrough() {
    byte[] tar = new TarWriter().dir("d/").file("d/a.txt", Samples.text(1, 3000)).file("d/b.bin", Samples.random(2, 700))
        .finish();
    RoundTrip rt = RoundTrip.of(tar);
    assertEquals(1, rt.result.containers());
    assertEquals(0, rt.result.deflateStreams());
  }

  @Test
  void jarsInsideATarGzAreOpened() {
    byte[] jar1 = Samples.zip(6, "A.class", Samples.text(3, 20_000), "B.class", Samples.text(4, 5000));
    byte[] jar2 = Samples.zip(9, "C.class", Samples.text(5, 8000));
    byte[] gzInside = Samples.gzip(Samples.text(6, 10_000));
    byte[] tar = new TarWriter().dir("lib/").file("lib/one.jar", jar1).file("lib/two.jar", jar2)
        .file("docs/notes.txt.gz", gzInside).file("README", Samples.text(7, 900)).finish();
    RoundTrip rt = RoundTrip.of(Samples.gzip(tar));
    // gzip, tar, two jars, the inner gzip
    assertEquals(5, rt.result.containers());
    assertEquals(1 + 3 + 1, rt.result.streamsExpanded());
    assertTrue(rt.expandedContains(Arrays.copyOfRange(Samples.text(5, 8000), 4000, 4100)));
  }

  @Test
  void paxSizeAndBase256() {
    byte[] jar = Samples.zip(6, "A.class", Samples.text(8, 20_000));
    byte[] tar = new TarWriter().paxSizedFile("big.jar", jar).file("after.jar", jar).finish();
    RoundTrip rt = RoundTrip.of(tar);
    assertEquals(2, rt.result.streamsExpanded());
  }

  @Test
  void depthLimitStopsOpening() {
    byte[] jar = Samples.zip(6, "A.class", Samples.text(9, 20_000));
    byte[] tgz = Samples.gzip(new TarWriter().file("a.jar", jar).finish());
    RoundTrip deep = RoundTrip.of(tgz, ArchiveTransforms.withLimits(ArchiveLimits.builder().maxDepth(3).build()));
    assertEquals(2, deep.result.streamsExpanded());
    RoundTrip two = RoundTrip.of(tgz, ArchiveTransforms.withLimits(ArchiveLimits.builder().maxDepth(2).build()));
    assertEquals(1, two.result.streamsExpanded(), "the tar is read, the jar in it is not");
    RoundTrip one = RoundTrip.of(tgz, ArchiveTransforms.withLimits(ArchiveLimits.builder().maxDepth(1).build()));
    assertEquals(1, one.result.streamsExpanded());
    assertEquals(1, one.result.containers());
    RoundTrip none = RoundTrip.of(tgz, ArchiveTransforms.withLimits(ArchiveLimits.builder().maxDepth(0).build()));
    assertEquals(0, none.result.deflateStreams());
  }
}
