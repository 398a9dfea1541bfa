package io.deltaglider.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the runner treats in-JVM codecs: file streaming, failures, wrong output. */
class JvmCodecPathsTest {
  @TempDir Path dir;

  /** "Delta" = the target itself; streams files when asked to. */
  static class Copying implements JvmCodec {
    final boolean files;
    int fileCalls;

    Copying(boolean files) {
      this.files = files;
    }

    @Override
    public String name() {
      return files ? "copy (files)" : "copy (arrays)";
    }

    @Override
    public boolean streamsFiles() {
      return files;
    }

    @Override
    public void encodeFiles(Path source, Path target, Path delta) throws Exception {
      fileCalls++;
      Files.copy(target, delta);
    }

    @Override
    public void decodeFiles(Path source, Path delta, Path out, long targetSize) throws Exception {
      fileCalls++;
      Files.copy(delta, out);
    }

    @Override
    public byte[] encode(byte[] source, byte[] target) {
      return target.clone();
    }

    @Override
    public byte[] decode(byte[] source, byte[] delta, long targetSize) {
      return delta.clone();
    }
  }

  static final class Failing extends Copying {
    Failing() {
      super(false);
    }

    @Override
    public String name() {
      return "always fails";
    }

    @Override
    public byte[] encode(byte[] source, byte[] target) {
      throw new IllegalStateException("boom");
    }
  }

  static final class Corrupting extends Copying {
    Corrupting() {
      super(false);
    }

    @Override
    public String name() {
      return "corrupts";
    }

    @Override
    public byte[] decode(byte[] source, byte[] delta, long targetSize) {
      byte[] out = delta.clone();
      out[out.length / 2] ^= 1;
      return out;
    }
  }

  @Test
  void streamingCodecsGetFilesOthersArraysAndFailuresAreRowsNotAborts() throws Exception {
    Pair pair = SyntheticPairs.ensure(dir.resolve("corpus"),
        new SyntheticPairs.Spec("tiny", SyntheticPairs.Kind.SCATTERED, 64 * 1024), 3);
    Copying files = new Copying(true);
    List<Codec> tools = List.of(files, new Copying(false), new Failing(), new Corrupting());
    Compare.Result r = Compare.run(new Compare.Options().pairs(List.of(pair)).tools(tools)
        .inProcess(true).out(dir.resolve("out")).rounds(2).warmups(0),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

    assertEquals(4, r.rows().size());
    assertEquals(4, files.fileCalls, "2 rounds of encode + decode through the file methods");
    Compare.Row ok = r.rows().get(0);
    assertEquals("ok", ok.status());
    assertEquals(Boolean.TRUE, ok.exact());
    assertEquals(pair.targetBytes(), ok.deltaBytes());
    assertEquals(Boolean.TRUE, r.rows().get(1).exact());
    Compare.Row failed = r.rows().get(2);
    assertEquals("failed", failed.status());
    assertTrue(failed.note.contains("boom"), failed.note);
    Compare.Row corrupt = r.rows().get(3);
    assertEquals("mismatch", corrupt.status());
    assertEquals(Boolean.FALSE, corrupt.exact());
    assertTrue(r.markdown().contains("MISMATCH"));
  }
}
