package io.deltaglider.vcdiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.davidehrmann.vcdiff.VCDiffEncoderBuilder;
import io.deltaglider.vcdiff.testing.TestData;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Deltas written by open-vcdiff (Java port), in its plain and extended 'S' formats, decode byte-exact. */
class OpenVcdiffInteropTest {

  static Stream<Arguments> cases() {
    byte[] text = TestData.text(21, 120_000);
    byte[] bin = TestData.random(22, 80_000);
    List<Arguments> out = new ArrayList<>();
    byte[][][] pairs = {
      {text, TestData.edited(text, 23, 30, 40, true)},
      {bin, TestData.edited(bin, 24, 10, 300, false)},
      {text, text},
      {new byte[0], TestData.text(25, 5000)},
      {bin, new byte[] {1, 2, 3}},
      {new byte[100], new byte[50_000]},
    };
    for (int i = 0; i < pairs.length; i++) {
      for (int flags = 0; flags < 8; flags++) {
        out.add(Arguments.of(i, (flags & 1) != 0, (flags & 2) != 0, (flags & 4) != 0, pairs[i][0], pairs[i][1]));
      }
    }
    return out.stream();
  }

  private static byte[] encode(byte[] source, byte[] target, boolean interleaved, boolean checksum,
      boolean targetMatches) throws IOException {
    ByteArrayOutputStream delta = new ByteArrayOutputStream();
    VCDiffEncoderBuilder.builder()
        .withDictionary(source)
        .withInterleaving(interleaved)
        .withChecksum(checksum)
        .withTargetMatches(targetMatches)
        .buildSimple()
        .encode(target, delta);
    return delta.toByteArray();
  }

  @ParameterizedTest(name = "pair {0} interleaved={1} checksum={2} targetMatches={3}")
  @MethodSource("cases")
  void decodesOpenVcdiffOutput(int pair, boolean interleaved, boolean checksum, boolean targetMatches,
      byte[] source, byte[] target) throws IOException {
    byte[] delta = encode(source, target, interleaved, checksum, targetMatches);
    boolean extended = interleaved || checksum;
    assertEquals(extended ? 'S' : 0, delta[3], "version byte");
    assertArrayEquals(target, VcdiffDecoder.create().decode(source, delta));
    DecodeResult r = VcdiffDecoder.create().decode(
        SourceData.of(source), new ByteArrayInputStream(delta), new ByteArrayOutputStream());
    assertEquals(extended, r.openVcdiffFormat());
  }

  @ParameterizedTest(name = "pair {0} interleaved={1}")
  @MethodSource("cases")
  void detectsCorruptionThroughOpenVcdiffChecksum(int pair, boolean interleaved, boolean checksum,
      boolean targetMatches, byte[] source, byte[] target) throws IOException {
    if (!checksum || target.length < 1000 || source.length < 1000) {
      return;
    }
    byte[] corrupt = source.clone();
    // Change source bytes the delta copies: the window still decodes, only the checksum can tell.
    for (int i = 0; i < corrupt.length; i += 97) {
      corrupt[i] ^= 0x55;
    }
    byte[] delta = encode(source, target, interleaved, true, targetMatches);
    VcdiffException e = assertThrows(VcdiffException.class, () -> VcdiffDecoder.create().decode(corrupt, delta));
    assertTrue(e.getMessage().contains("checksum"), e.getMessage());
    // With verification off the (wrong) bytes come out: proof the checksum was what caught it.
    VcdiffDecoder lax = VcdiffDecoder.builder().verifyChecksums(false).build();
    assertEquals(target.length, lax.decode(corrupt, delta).length);
  }
}
