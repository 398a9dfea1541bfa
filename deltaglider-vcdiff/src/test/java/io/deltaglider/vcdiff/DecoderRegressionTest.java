package io.deltaglider.vcdiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays every delta that once broke the decoder. Each {@code NAME.vcdiff} under
 * {@code regressions/decoder/} is listed in {@code index.txt} as {@code NAME EXPECT} where EXPECT
 * is {@code error} (must raise {@link VcdiffException}) or a target length (must decode to it);
 * the source is {@code NAME.source} when present, otherwise empty.
 */
class DecoderRegressionTest {
  private static final String DIR = "/regressions/decoder/";

  static Stream<org.junit.jupiter.params.provider.Arguments> cases() throws IOException {
    List<org.junit.jupiter.params.provider.Arguments> out = new ArrayList<>();
    try (InputStream index = DecoderRegressionTest.class.getResourceAsStream(DIR + "index.txt")) {
      if (index == null) {
        return Stream.empty();
      }
      for (String line : new String(index.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        line = line.strip();
        if (!line.isEmpty() && !line.startsWith("#")) {
          String[] f = line.split("\\s+");
          out.add(org.junit.jupiter.params.provider.Arguments.of(f[0], f[1]));
        }
      }
    }
    return out.stream();
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = DecoderRegressionTest.class.getResourceAsStream(DIR + name)) {
      return in == null ? null : in.readAllBytes();
    }
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource("cases")
  void replays(String name, String expect) throws IOException {
    byte[] delta = resource(name + ".vcdiff");
    byte[] source = resource(name + ".source");
    byte[] src = source == null ? new byte[0] : source;
    if (expect.equals("error")) {
      assertThrows(VcdiffException.class, () -> VcdiffDecoder.create().decode(src, delta));
    } else {
      assertEquals(Integer.parseInt(expect), VcdiffDecoder.create().decode(src, delta).length);
    }
  }
}
