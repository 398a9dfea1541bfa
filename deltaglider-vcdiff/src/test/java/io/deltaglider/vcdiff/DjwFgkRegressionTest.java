package io.deltaglider.vcdiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays every delta that once broke the DJW or FGK decoder, as listed in {@code
 * regressions/secondary/index.txt}: {@code NAME error} must raise {@link VcdiffException}, {@code
 * NAME sample} must decode, checksums verified, to the sample text the committed samples encode.
 */
class DjwFgkRegressionTest {
  private static final String DIR = "/regressions/secondary/";

  private static byte[] resource(String path) throws IOException {
    try (InputStream in = DjwFgkRegressionTest.class.getResourceAsStream(path)) {
      assertNotNull(in, "missing test resource " + path);
      return in.readAllBytes();
    }
  }

  static Stream<Arguments> cases() throws IOException {
    List<Arguments> out = new ArrayList<>();
    String index = new String(resource(DIR + "index.txt"), StandardCharsets.UTF_8);
    for (String line : index.split("\n")) {
      line = line.strip();
      if (!line.isEmpty() && !line.startsWith("#")) {
        String[] f = line.split("\\s+");
        out.add(Arguments.of(f[0], f[1]));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void replays(String name, String expect) throws Exception {
    byte[] delta = resource(DIR + name + ".vcdiff");
    byte[] none = new byte[0];
    if (expect.equals("error")) {
      assertThrows(VcdiffException.class, () -> VcdiffDecoder.create().decode(none, delta));
    } else {
      byte[] sample = VcdiffDecoder.create().decode(none, resource("/secondary/text-none.vcdiff"));
      assertArrayEquals(sample, VcdiffDecoder.create().decode(none, delta), name);
    }
  }
}
