package io.deltaglider.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/** The record layout of FORMAT.md section 9, written by hand, and what rebuild refuses. */
class RebuildFormatTest {

  /** A form built record by record, and a recipe for it. */
  static final class Form {
    final ByteArrayOutputStream form = new ByteArrayOutputStream();
    final ByteArrayOutputStream runs = new ByteArrayOutputStream();
    int runCount;

    Form() {
      form.writeBytes(new byte[] {'D', 'G', 'A', 'C', 1});
    }

    Form raw(byte[] b) throws IOException {
      form.write(1);
      Varints.write(form, b.length);
      form.writeBytes(b);
      return this;
    }

    Form begin() {
      form.write(2);
      return this;
    }

    Form end() {
      form.write(3);
      return this;
    }

    Form diff32(long zigzagged) throws IOException {
      form.write(4);
      Varints.write(form, zigzagged);
      return this;
    }

    Form run(long count, int levelByte, int windowByte) throws IOException {
      Varints.write(runs, count);
      runs.write(levelByte);
      runs.write(windowByte);
      runCount++;
      return this;
    }

    byte[] form() {
      ByteArrayOutputStream f = new ByteArrayOutputStream();
      f.writeBytes(form.toByteArray());
      f.write(0);
      return f.toByteArray();
    }

    byte[] recipe(byte[] original) throws IOException {
      ByteArrayOutputStream r = new ByteArrayOutputStream();
      r.writeBytes(new byte[] {'D', 'G', 'A', 'R', 1, 0});
      Varints.write(r, original.length);
      CRC32 crc = new CRC32();
      crc.update(original);
      long c = crc.getValue();
      r.writeBytes(new byte[] {(byte) (c >>> 24), (byte) (c >>> 16), (byte) (c >>> 8), (byte) c});
      Varints.write(r, form().length);
      Varints.write(r, runCount);
      r.writeBytes(runs.toByteArray());
      return r.toByteArray();
    }
  }

  static byte[] rebuild(byte[] form, byte[] recipe) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ArchiveTransforms.create().rebuild(new ByteArrayInputStream(form), new ByteArrayInputStream(recipe), out);
    return out.toByteArray();
  }

  @Test
  void handWrittenFormRebuilds() throws IOException {
    byte[] text = Samples.text(1, 5000);
    byte[] deflated = Samples.deflate(text, 9, 0);
    Samples.Le original = new Samples.Le().ascii("head").bytes(deflated).u32(70_000).u32(69_990).ascii("tail");
    Form f = new Form().raw("head".getBytes()).begin().raw(Arrays.copyOf(text, 100))
        .raw(Arrays.copyOfRange(text, 100, text.length)).end()
        .diff32(Varints.zigzag(70_000)).diff32(Varints.zigzag(-10)).raw("tail".getBytes())
        .run(1, 0x09, 0x8f);
    assertArrayEquals(original.toByteArray(), rebuild(f.form(), f.recipe(original.toByteArray())));
  }

  @Test
  void theWriterMatchesTheSpecification() throws IOException {
    byte[] text = Samples.text(2, 3000);
    byte[] gz = Samples.gzip(text);
    RoundTrip rt = RoundTrip.of(gz);
    // magic, RAW(10-byte header), BEGIN, RAW(text), END, RAW(8-byte trailer), end of form
    ByteArrayOutputStream expect = new ByteArrayOutputStream();
    expect.writeBytes(new byte[] {'D', 'G', 'A', 'C', 1, 1, 10});
    expect.write(gz, 0, 10);
    expect.writeBytes(new byte[] {2, 1, (byte) 0x97, 0x38});
    expect.writeBytes(text);
    expect.writeBytes(new byte[] {3, 1, 8});
    expect.write(gz, gz.length - 8, 8);
    expect.write(0);
    assertArrayEquals(expect.toByteArray(), rt.expanded);
    // magic, flags, original length, CRC-32, expanded length, one run: 1 x (level 6, default strategy;
    // windowBits 15, memLevel 8)
    ByteArrayOutputStream recipe = new ByteArrayOutputStream();
    recipe.writeBytes(new byte[] {'D', 'G', 'A', 'R', 1, 0});
    Varints.write(recipe, gz.length);
    long crc = Samples.crc(gz);
    recipe.writeBytes(new byte[] {(byte) (crc >>> 24), (byte) (crc >>> 16), (byte) (crc >>> 8), (byte) crc});
    Varints.write(recipe, rt.expanded.length);
    recipe.writeBytes(new byte[] {1, 1, 0x06, (byte) 0x8f});
    assertArrayEquals(recipe.toByteArray(), rt.recipe);
  }

  @Test
  void refusals() throws IOException {
    byte[] x = "x".getBytes();
    Form ok = new Form().raw(x);
    assertArrayEquals(x, rebuild(ok.form(), ok.recipe(x)));
    refused("not an expanded form", "PK".getBytes(), ok.recipe(x));
    byte[] v2 = ok.form();
    v2[4] = 2;
    refused("not an expanded form", v2, ok.recipe(x));
    byte[] recipeV2 = ok.recipe(x);
    recipeV2[4] = 2;
    refused("version 2", ok.form(), recipeV2);
    refused("truncated", Arrays.copyOf(ok.form(), ok.form().length - 1), ok.recipe(x));
    byte[] trailing = Arrays.copyOf(ok.form(), ok.form().length + 1);
    refused("after the end", trailing, ok.recipe(x));
    refused("CRC-32", ok.form(), ok.recipe("y".getBytes()));
    refused("run past", ok.form(), ok.recipe(new byte[0]));
    Form unknown = new Form();
    unknown.form.write(9);
    refused("unknown record type 9", unknown.form(), unknown.recipe(x));
    Form empty = new Form().raw(new byte[0]);
    refused("empty RAW", empty.form(), empty.recipe(new byte[0]));
    Form endless = new Form().end();
    refused("END record without BEGIN", endless.form(), endless.recipe(new byte[0]));
    Form open = new Form().begin().raw(x).run(1, 6, 0x8f);
    refused("ends inside a deflate stream", open.form(), open.recipe(x));
    Form noRun = new Form().begin().raw(x).end();
    refused("more deflate streams than its recipe", noRun.form(), noRun.recipe(x));
    Form extraRun = new Form().raw(x).run(1, 6, 0x8f);
    refused("more deflate streams than the expanded form", extraRun.form(), extraRun.recipe(x));
    Form badParams = new Form().begin().raw(x).end().run(1, 0x0a, 0x8f);
    refused("malformed settings", badParams.form(), badParams.recipe(x));
    // Settings zlib accepts are all compressed (memLevel 9 included): a recipe that names the wrong
    // ones is caught by the bytes it rebuilds, not by the settings.
    Form memLevel9 = new Form().begin().raw(x).end().run(1, 0x06, 0x9f);
    refused("the rebuilt bytes run past the original", memLevel9.form(), memLevel9.recipe(x));
    Form deep = new Form();
    for (int i = 0; i <= Canonical.MAX_NESTING; i++) {
      deep.begin();
    }
    deep.run(Canonical.MAX_NESTING + 1, 6, 0x8f);
    refused("nested deeper", deep.form(), deep.recipe(x));
    Form longVarint = new Form();
    longVarint.form.write(1);
    longVarint.form.writeBytes(new byte[] {(byte) 0x81, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80,
        (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0});
    refused("longer than 9 bytes", longVarint.form(), longVarint.recipe(x));
  }

  private static void refused(String why, byte[] form, byte[] recipe) {
    ArchiveFormatException e = assertThrows(ArchiveFormatException.class, () -> rebuild(form, recipe));
    assertTrue(e.getMessage().contains(why), () -> "expected '" + why + "', got: " + e.getMessage());
  }
}
