package io.deltaglider.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * The quick reader of {@code vcdiff encode/decode} lines must give exactly what picocli gives for
 * every line it accepts, and leave everything else to picocli.
 */
class QuickVcdiffTest {
  private final Console console =
      new Console(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(),
          new PrintStream(new ByteArrayOutputStream()));

  private static String[] line(String text) {
    return text.trim().split(" +");
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "vcdiff decode d o",
    "vcdiff decode -s src d o",
    "vcdiff decode d -s src o",
    "vcdiff decode d o -s src",
    "vcdiff decode --source src d o",
    "vcdiff decode --source=src d o",
    "vcdiff decode -f -v --no-checksum -s src d o",
    "vcdiff decode --verbose d o",
    "vcdiff decode --debug -s src - -",
    "vcdiff decode - out",
    "vcdiff encode t d",
    "vcdiff encode -s src t d",
    "vcdiff encode -9 -s src t d",
    "vcdiff encode -0 t d",
    "vcdiff encode --level 4 t d",
    "vcdiff encode --level=7 t d",
    "vcdiff encode -S none t d",
    "vcdiff encode -S LZMA t d",
    "vcdiff encode -S None -n -f -v t d",
    "vcdiff encode -A t d",
    "vcdiff encode -A= t d",
    "vcdiff encode -A=app t d",
    "vcdiff encode -A=a=b t d",
    "vcdiff encode -W 64K t d",
    "vcdiff encode -W 16M t d",
    "vcdiff encode -W 4096 -9 -n -S none -A --debug -s src - -",
    "vcdiff encode --source=src --verbose t d",
  })
  void acceptedLinesParseAsPicocliParsesThem(String text) throws Exception {
    String[] args = line(text);
    Callable<Integer> quick = QuickVcdiff.parse(console, args);
    assertNotNull(quick, "the quick reader takes " + text);
    assertEquals(fields(picocli(args)), fields(quick), text);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "vcdiff",
    "vcdiff decode",
    "vcdiff decode d",
    "vcdiff decode a b c",
    "vcdiff decode --help",
    "vcdiff decode -h d o",
    "vcdiff decode -V",
    "vcdiff decode -fv d o",
    "vcdiff decode -f -f d o",
    "vcdiff decode -v --verbose d o",
    "vcdiff decode -s a -s b d o",
    "vcdiff decode -s -f d o",
    "vcdiff decode -s",
    "vcdiff decode -ssrc d o",
    "vcdiff decode -s=src d o",
    "vcdiff decode -- d o",
    "vcdiff decode @args",
    "vcdiff decode --frobnicate d o",
    "vcdiff decode -x d o",
    "vcdiff decode --debug --debug d o",
    "vcdiff encode -n d",
    "vcdiff encode -3 -9 t d",
    "vcdiff encode -3 --level 5 t d",
    "vcdiff encode --level 10 t d",
    "vcdiff encode --level -1 t d",
    "vcdiff encode --level x t d",
    "vcdiff encode -S zstd t d",
    "vcdiff encode -S=none t d",
    "vcdiff encode -W 0 t d",
    "vcdiff encode -W 17M t d",
    "vcdiff encode -W 1G t d",
    "vcdiff encode -W x t d",
    "vcdiff encode -A -A=x t d",
    "vcdiff encode -Ax t d",
    "vcdiff encode -10 t d",
    "vcdiff encode --help",
    "vcdiff frobnicate a b",
    "decode -s a b c",
    "put a b",
    "--debug vcdiff decode d o",
  })
  void everythingElseIsLeftToPicocli(String text) {
    assertNull(QuickVcdiff.parse(console, line(text)), text);
  }

  @Test
  void anEmptyArgumentIsLeftToPicocli() {
    assertNull(QuickVcdiff.parse(console, new String[] {"vcdiff", "decode", "", "o"}));
    assertNull(QuickVcdiff.parse(console, new String[] {"vcdiff", "decode", "-s", "", "d", "o"}));
  }

  @Test
  void anInvalidPathIsLeftToPicocli() {
    assertNull(QuickVcdiff.parse(console, new String[] {"vcdiff", "decode", "-s", "a\0b", "d", "o"}));
  }

  /** Random lines from the options' vocabulary: whatever the quick reader takes, picocli takes alike. */
  @Test
  void randomLinesItTakesParseAsPicocliParsesThem() throws Exception {
    String[] words = {
      "-s", "--source", "--source=x", "src", "d", "o", "-", "-f", "-v", "--verbose", "-n",
      "--no-checksum", "--debug", "-0", "-5", "-9", "--level", "--level=2", "3", "-S", "none",
      "lzma", "-W", "64K", "8M", "0", "-A", "-A=", "-A=h", "-x", "-fv", "--", "-h"
    };
    Random random = new Random(20261126);
    int taken = 0;
    for (int round = 0; round < 4_000; round++) {
      List<String> args = new ArrayList<>(List.of("vcdiff", random.nextBoolean() ? "encode" : "decode"));
      int n = random.nextInt(8);
      for (int i = 0; i < n; i++) {
        args.add(words[random.nextInt(words.length)]);
      }
      String[] a = args.toArray(String[]::new);
      Callable<Integer> quick = QuickVcdiff.parse(console, a);
      if (quick == null) {
        continue;
      }
      taken++;
      Object parsed;
      try {
        parsed = picocli(a);
      } catch (CommandLine.ParameterException e) {
        fail("quick reader took " + args + " which picocli rejects: " + e.getMessage());
        return;
      }
      assertEquals(fields(parsed), fields(quick), args.toString());
    }
    assertEquals(true, taken > 100, "enough random lines were taken: " + taken);
  }

  /** The command object picocli fills for {@code args}. */
  private Object picocli(String[] args) {
    ParseResult r = Main.commandLine(console).parseArgs(Main.normalize(args));
    while (r.subcommand() != null) {
      r = r.subcommand();
    }
    return r.commandSpec().userObject();
  }

  /** The command's option and parameter values (not its console or picocli spec). */
  private static Map<String, Object> fields(Object command) throws IllegalAccessException {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("class", command.getClass().getSimpleName());
    for (Field f : command.getClass().getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers()) || f.getName().equals("console") || f.getName().equals("spec")) {
        continue;
      }
      f.setAccessible(true);
      values.put(f.getName(), f.get(command));
    }
    return values;
  }
}
