package io.deltaglider.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

class ParamsSearchTest {

  /** The platform reproducer, counting the input bytes each try consumed. */
  static final class Counting implements DeflateReproducer {
    long consumed;
    int opened;

    @Override
    public boolean supports(StreamParams p) {
      return ZlibDeflateReproducer.INSTANCE.supports(p);
    }

    @Override
    public StreamCompressor open(StreamParams p) {
      opened++;
      StreamCompressor c = ZlibDeflateReproducer.INSTANCE.open(p);
      return new StreamCompressor() {
        @Override
        public void write(byte[] b, int off, int len, OutputStream out) throws IOException {
          consumed += len;
          c.write(b, off, len, out);
        }

        @Override
        public void finish(OutputStream out) throws IOException {
          c.finish(out);
        }

        @Override
        public void close() {
          c.close();
        }
      };
    }
  }

  static SpillBuffer spill(byte[] stream) throws IOException {
    SpillBuffer s = new SpillBuffer(1 << 20, null);
    s.write(stream, 0, stream.length);
    return s;
  }

  @Test
  void aWrongGuessStopsAtTheFirstDifferentByte() throws IOException {
    byte[] content = Samples.text(1, 8_000_000);
    Counting counting = new Counting();
    ParamsSearch search = new ParamsSearch(counting, 10);
    try (SpillBuffer s = spill(Samples.deflate(content, 1, Deflater.DEFAULT_STRATEGY))) {
      // tried: 6 (the hint), 9, then 1
      assertEquals(StreamParams.of(1), search.find(s, new int[] {6}));
    }
    assertEquals(3, counting.opened);
    long wasted = counting.consumed - content.length;
    System.out.println("two wrong guesses on an 8 MB stream consumed " + wasted + " bytes of input");
    assertTrue(wasted < 1_000_000, "wrong guesses consumed " + wasted);
  }

  @Test
  void thePreviousStreamsSettingsComeFirst() throws IOException {
    ParamsSearch search = new ParamsSearch(ZlibDeflateReproducer.INSTANCE, 10);
    byte[] content = Samples.text(2, 20_000);
    try (SpillBuffer s = spill(Samples.deflate(content, 3, Deflater.DEFAULT_STRATEGY))) {
      assertEquals(StreamParams.of(3), search.find(s, new int[] {6}));
    }
    assertEquals(StreamParams.of(3), search.candidates(new int[] {6}).get(0));
    assertEquals(StreamParams.of(6), search.candidates(new int[] {6}).get(1));
  }

  @Test
  void afterManyMissesOnlyTwoCandidatesAreTried() throws IOException {
    ParamsSearch search = new ParamsSearch(ZlibDeflateReproducer.INSTANCE, 10);
    // a stream zlib does not make: a stored block of 5 bytes not marked final, then an empty final fixed block
    byte[] odd = {0, 5, 0, (byte) 0xfa, (byte) 0xff, 'h', 'e', 'l', 'l', 'o', 3, 0};
    int before = 0;
    for (int i = 0; i < ParamsSearch.MISSES_BEFORE_CUTBACK + 2; i++) {
      try (SpillBuffer s = spill(odd)) {
        assertNull(search.find(s, new int[] {6}));
      }
      int tried = search.tries() - before;
      before = search.tries();
      assertEquals(i < ParamsSearch.MISSES_BEFORE_CUTBACK ? 10 : 2, tried, "stream " + i);
    }
    try (SpillBuffer s = spill(Samples.deflate(Samples.text(3, 100), 6, 0))) {
      assertEquals(StreamParams.of(6), search.find(s, new int[] {6}));
    }
    try (SpillBuffer s = spill(odd)) {
      before = search.tries();
      search.find(s, new int[] {6});
      assertEquals(10, search.tries() - before, "a match resets the count");
    }
  }

  @Test
  void paramsPackIntoTwoBytes() {
    for (int level = 0; level <= 9; level++) {
      for (int wb = 9; wb <= 15; wb++) {
        for (int mem = 1; mem <= 9; mem++) {
          for (int strategy = 0; strategy <= 4; strategy++) {
            StreamParams p = new StreamParams(level, wb, mem, strategy);
            assertEquals(p, StreamParams.unpack(p.packedLevel(), p.packedWindow()));
          }
        }
      }
    }
    assertNull(StreamParams.unpack(0x0a, 0x8f));
    assertNull(StreamParams.unpack(0x56, 0x8f));
    assertNull(StreamParams.unpack(0x06, 0x88));
    assertNull(StreamParams.unpack(0x06, 0x0f));
    assertNull(StreamParams.unpack(0x06, 0xaf));
  }
}
