package io.deltaglider.vcdiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    // One window; the listener still sees it in pieces of about a MiB, not all at the end.
    assertTrue(recorder.pieces.size() >= 5, "pieces: " + recorder.pieces.size());
    for (int i = 0; i + 1 < recorder.pieces.size(); i++) {
      int len = recorder.pieces.get(i)[1];
      assertTrue(len >= WindowExecutor.PROGRESS_STEP && len < 2 * WindowExecutor.PROGRESS_STEP,
          "piece " + i + " has " + len + " bytes");
    }
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
