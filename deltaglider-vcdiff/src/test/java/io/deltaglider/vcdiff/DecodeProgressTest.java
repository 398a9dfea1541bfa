package io.deltaglider.vcdiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.vcdiff.testing.RawWindows;
import io.deltaglider.vcdiff.testing.TestData;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The pieces an in-memory decode hands to a {@link DecodeProgress} listener. */
class DecodeProgressTest {
  /** Records the pieces, copying each at the moment it is handed on. */
  private static final class Recorder implements DecodeProgress {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final List<int[]> pieces = new ArrayList<>();

    @Override
    public void decoded(byte[] buffer, int offset, int length) {
      assertTrue(length > 0, "empty piece");
      assertEquals(bytes.size(), offset, "pieces must follow each other in target order");
      pieces.add(new int[] {offset, length});
      bytes.write(buffer, offset, length);
    }
  }

  @Property(tries = 40)
  void piecesConcatenateToTheResult(
      @ForAll long seed, @ForAll @IntRange(min = 0, max = 300_000) int length,
      @ForAll @IntRange(min = 1 << 14, max = 1 << 17) int window) throws Exception {
    byte[] source = TestData.text(seed, length);
    byte[] target = TestData.edited(source, seed + 1, 20, 300, true);
    byte[] delta = VcdiffEncoder.builder().windowSize(window).build().encode(source, target);
    Recorder recorder = new Recorder();

    byte[] result = VcdiffDecoder.create().decode(SourceData.of(source), delta, recorder);

    assertArrayEquals(target, result);
    // Copied when handed on, so equal only if no piece was changed after it was delivered.
    assertArrayEquals(target, recorder.bytes.toByteArray());
  }

  @Test
  void largeWindowsAreHandedOnWhileTheyDecode() throws Exception {
    byte[] source = TestData.text(7, 6 << 20);
    byte[] target = TestData.edited(source, 8, 500, 200, false);
    byte[] delta = VcdiffEncoder.builder().windowSize(8 << 20).build().encode(source, target);
    Recorder recorder = new Recorder();

    VcdiffDecoder.create().decode(SourceData.of(source), delta, recorder);

    // One window; the listener still sees it in pieces of a sixteenth of it, not all at the end.
    int step = TargetSink.InMemory.progressStep(target.length);
    assertEquals(target.length / 16, step);
    assertTrue(recorder.pieces.size() >= 12, "pieces: " + recorder.pieces.size());
    for (int i = 0; i + 1 < recorder.pieces.size(); i++) {
      int len = recorder.pieces.get(i)[1];
      assertTrue(len >= step && len < 2 * step, "piece " + i + " has " + len + " bytes");
    }
    assertArrayEquals(target, recorder.bytes.toByteArray());
  }

  @Test
  void piecesAreAtLeast64KiBAndAtMost1MiB() {
    assertEquals(64 << 10, TargetSink.InMemory.progressStep(100_000));
    assertEquals(1 << 20, TargetSink.InMemory.progressStep(1L << 30));
  }

  /**
   * With LZMA sections the window is handed on as its sections are decompressed, not after: a
   * damaged end of the compressed data section fails the decode only after pieces went out (all of
   * them to be thrown away, as the contract says). Decompressing every section first, the listener
   * would see nothing before the failure, and a hashing thread nothing to overlap.
   */
  @Test
  void lzmaSectionsAreDecompressedAsTheWindowIsWritten() throws Exception {
    byte[] source = TestData.text(11, 200_000);
    // Unrelated to the source, random over 16 letters: one window of ADDs that LZMA halves.
    byte[] target = TestData.random(12, 3 << 20);
    for (int i = 0; i < target.length; i++) {
      target[i] = (byte) ('a' + (target[i] & 15));
    }
    byte[] delta = VcdiffEncoder.builder().windowSize(8 << 20).secondary(SecondaryCompression.LZMA).build()
        .encode(source, target);
    RawWindows.Section data = RawWindows.parse(delta).windows.get(0).sections[RawWindows.DATA];
    assertTrue(data.compressed && data.stored.length > 100_000, "compressed text: " + data.stored.length + " bytes");
    Recorder whole = new Recorder();
    assertArrayEquals(target, VcdiffDecoder.create().decode(SourceData.of(source), delta, whole));
    assertArrayEquals(target, whole.bytes.toByteArray());

    byte[] bad = delta.clone();
    bad[data.offset + data.stored.length - 20] ^= 0x10;
    Recorder recorder = new Recorder();
    VcdiffException e = assertThrows(VcdiffException.class,
        () -> VcdiffDecoder.create().decode(SourceData.of(source), bad, recorder));
    assertTrue(e.getMessage().contains("LZMA"), e.getMessage());
    assertTrue(recorder.bytes.size() >= 2 * TargetSink.InMemory.progressStep(target.length),
        "handed on before the failure: " + recorder.bytes.size());
  }

  /** A delta of several windows whose sections continue one LZMA stream each, read lazily. */
  @Property(tries = 30)
  void lazyLzmaSectionsDecodeAsTheWholeOnes(
      @ForAll long seed, @ForAll @IntRange(min = 0, max = 400_000) int length,
      @ForAll @IntRange(min = 1 << 12, max = 1 << 17) int window) throws Exception {
    byte[] source = TestData.text(seed, length);
    byte[] target = TestData.edited(source, seed + 1, 40, 2_000, true);
    byte[] delta = VcdiffEncoder.builder().windowSize(window).secondary(SecondaryCompression.LZMA).build()
        .encode(source, target);
    Recorder recorder = new Recorder();

    assertArrayEquals(target, VcdiffDecoder.create().decode(SourceData.of(source), delta, recorder));
    assertArrayEquals(target, recorder.bytes.toByteArray());
  }

  @Test
  void aCorruptDeltaStillFailsWithAListener() throws Exception {
    byte[] source = TestData.text(3, 3 << 20);
    byte[] target = TestData.edited(source, 4, 50, 100, false);
    byte[] delta = VcdiffEncoder.builder().build().encode(source, target);
    // Flip a byte of the (uncompressed) data section's last ADD payload: instructions still
    // run to the end, the window's Adler-32 catches it.
    byte[] bad = delta.clone();
    bad[bad.length - 1] ^= 0x55;
    Recorder recorder = new Recorder();

    assertThrows(VcdiffException.class, () -> VcdiffDecoder.create().decode(SourceData.of(source), bad, recorder));
  }

  @Test
  void noListenerMeansThePlainDecode() throws Exception {
    byte[] source = TestData.text(5, 100_000);
    byte[] target = TestData.edited(source, 6, 10, 50, false);
    byte[] delta = VcdiffEncoder.builder().build().encode(source, target);
    assertArrayEquals(target, VcdiffDecoder.create().decode(SourceData.of(source), delta, null));
  }
}
