package io.deltaglider.vcdiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.vcdiff.testing.TestData;
import io.deltaglider.vcdiff.testing.Xdelta3;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Deltas made by the real xdelta3 in many modes decode byte-exact with our decoder. */
class VcdiffDecoderInteropTest {
  @TempDir Path dir;

  private static final String[][] MODES = {
    {"-0", "-S", "none"}, {"-1", "-S", "none"}, {"-3", "-S", "none"}, {"-9", "-S", "none"},
    {"-1"}, {"-3"}, {"-9"}, {"-9", "-S", "lzma"},
    {"-3", "-n"}, {"-9", "-A"}, {"-3", "-A=my-app-header"}, {"-9", "-S", "none", "-n"},
  };

  static Stream<Arguments> pairs() {
    List<Arguments> out = new ArrayList<>();
    byte[] text = TestData.text(1, 200_000);
    byte[] bin = TestData.random(2, 150_000);
    out.add(Arguments.of("text edited", text, TestData.edited(text, 3, 40, 30, false)));
    out.add(Arguments.of("text moved block", text, TestData.edited(text, 4, 5, 10, true)));
    out.add(Arguments.of("random edited", bin, TestData.edited(bin, 5, 20, 200, true)));
    out.add(Arguments.of("unrelated", bin, TestData.random(6, 50_000)));
    out.add(Arguments.of("identical", text, text));
    out.add(Arguments.of("empty source", new byte[0], TestData.text(7, 30_000)));
    out.add(Arguments.of("empty target", text, new byte[0]));
    out.add(Arguments.of("tiny target", text, new byte[] {'a', 'b', 'c'}));
    out.add(Arguments.of("one byte target", bin, new byte[] {42}));
    out.add(Arguments.of("runs", new byte[1000], repeated((byte) 7, 100_000)));
    return out.stream();
  }

  private static byte[] repeated(byte b, int n) {
    byte[] a = new byte[n];
    java.util.Arrays.fill(a, b);
    return a;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pairs")
  void decodesXdelta3DeltasInEveryMode(String name, byte[] source, byte[] target) throws Exception {
    Xdelta3.require();
    for (String[] mode : MODES) {
      byte[] delta = Xdelta3.encode(dir, source, target, mode);
      byte[] decoded = VcdiffDecoder.create().decode(source, delta);
      assertArrayEquals(target, decoded, name + " with " + String.join(" ", mode));
      ByteArrayOutputStream streamed = new ByteArrayOutputStream();
      VcdiffDecoder.create().decode(SourceData.of(source), new ByteArrayInputStream(delta), streamed);
      assertArrayEquals(target, streamed.toByteArray(), name + " streamed with " + String.join(" ", mode));
    }
  }

  @Test
  void decodesDeltaWithoutSource() throws Exception {
    Xdelta3.require();
    byte[] target = TestData.text(8, 100_000);
    byte[] delta = Xdelta3.encode(dir, null, target, "-9");
    assertArrayEquals(target, VcdiffDecoder.create().decode(new byte[0], delta));
  }

  @Test
  void decodesManySmallWindowsAndSourceWindowing() throws Exception {
    Xdelta3.require();
    byte[] source = TestData.text(9, 1_500_000);
    byte[] target = TestData.edited(source, 10, 200, 50, true);
    for (String[] mode : new String[][] {
        {"-W", "16384", "-3"}, {"-W", "16384", "-9", "-S", "none"}, {"-B", "524288", "-9"},
        {"-B", "524288", "-W", "65536", "-1", "-S", "none"}}) {
      byte[] delta = Xdelta3.encode(dir, source, target, mode);
      DecodeResult[] result = new DecodeResult[1];
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      result[0] = VcdiffDecoder.create().decode(SourceData.of(source), new ByteArrayInputStream(delta), out);
      assertArrayEquals(target, out.toByteArray(), String.join(" ", mode));
      if (mode[0].equals("-W")) {
        assertTrue(result[0].windowCount() > 1, "several windows with " + String.join(" ", mode));
      }
    }
  }

  @Test
  void decodesTargetsOverEightMebibytesInSeveralWindows() throws Exception {
    Xdelta3.require();
    byte[] source = TestData.random(11, 9 << 20);
    byte[] target = TestData.edited(source, 12, 300, 100, true);
    for (String[] mode : new String[][] {{"-3"}, {"-9", "-S", "none"}}) {
      byte[] delta = Xdelta3.encode(dir, source, target, mode);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      DecodeResult r = VcdiffDecoder.create().decode(SourceData.of(source), new ByteArrayInputStream(delta), out);
      assertArrayEquals(target, out.toByteArray());
      assertEquals(2, r.windowCount());
    }
  }

  @Test
  void exposesTheApplicationHeader() throws Exception {
    Xdelta3.require();
    byte[] source = TestData.text(13, 10_000);
    byte[] delta = Xdelta3.encode(dir, source, source, "-A=hello/world");
    DecodeResult r = VcdiffDecoder.create().decode(
        SourceData.of(source), new ByteArrayInputStream(delta), new ByteArrayOutputStream());
    assertEquals("hello/world", new String(r.applicationHeader().orElseThrow(), java.nio.charset.StandardCharsets.UTF_8));
  }
}
