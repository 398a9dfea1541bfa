package io.deltaglider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.archive.ArchiveFormatException;
import io.deltaglider.spi.InMemoryBackend;
import io.deltaglider.vcdiff.SecondaryCompression;
import io.deltaglider.vcdiff.VcdiffEncoder;
import io.deltaglider.vcdiff.testing.TestData;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Archive-aware patches between files: made, applied, checked, and the same layout as the store's. */
class ArchivePatchTest {
  static final byte[] JAR_1 = ArchiveDeltaStoreTest.JAR_1;
  static final byte[] JAR_2 = ArchiveDeltaStoreTest.JAR_2;

  @TempDir Path dir;
  final ArchivePatch patcher = ArchivePatch.create();

  private byte[] patch(byte[] from, byte[] to) throws IOException {
    Path a = Files.write(dir.resolve("a"), from);
    Path b = Files.write(dir.resolve("b"), to);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ArchivePatch.Made m = patcher.encode(a, b, out);
    assertEquals(out.size(), m.patchLength());
    assertEquals(to.length, m.targetLength());
    return out.toByteArray();
  }

  private byte[] apply(byte[] from, byte[] patch) throws IOException {
    Path a = Files.write(dir.resolve("old"), from);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long n = patcher.decode(a, new ByteArrayInputStream(patch), out);
    assertEquals(out.size(), n);
    return out.toByteArray();
  }

  @Test
  void aJarPatchIsSmallAndRebuildsTheJar() throws Exception {
    byte[] patch = patch(JAR_1, JAR_2);
    byte[] plain = VcdiffEncoder.builder().secondary(SecondaryCompression.LZMA).build().encode(JAR_1, JAR_2);
    assertTrue(patch.length * 3 <= plain.length, patch.length + " against " + plain.length);
    assertArrayEquals(JAR_2, apply(JAR_1, patch));
  }

  @Test
  void filesThatAreNotArchivesWorkToo() throws Exception {
    byte[] a = TestData.random(1, 100_000);
    byte[] b = TestData.edited(a, 2, 20, 50, true);
    assertArrayEquals(b, apply(a, patch(a, b)));
    assertArrayEquals(new byte[0], apply(a, patch(a, new byte[0])));
    assertArrayEquals(b, apply(new byte[0], patch(new byte[0], b)));
  }

  @Test
  void anotherSourceIsRefused() throws Exception {
    byte[] patch = patch(JAR_1, JAR_2);
    ArchiveFormatException e = assertThrows(ArchiveFormatException.class, () -> apply(JAR_2, patch));
    assertTrue(e.getMessage().contains("is not the file the patch was made from"), e.getMessage());
  }

  @Test
  void aDamagedPatchIsRefused() throws Exception {
    byte[] patch = patch(JAR_1, JAR_2);
    java.util.List<Integer> accepted = new java.util.ArrayList<>();
    for (int at = 0; at < patch.length; at += 7) {
      byte[] bad = patch.clone();
      bad[at] ^= 0x10;
      try {
        // Only a flip the result does not depend on (a window's Adler-32, which is not checked:
        // the SHA-256 of the whole is) may get through, and then with the exact original.
        assertArrayEquals(JAR_2, apply(JAR_1, bad), "byte " + at);
        accepted.add(at);
      } catch (IOException refused) {
        // expected for almost every byte
      }
    }
    assertTrue(accepted.size() <= 1, "accepted flips at " + accepted);
    assertThrows(IOException.class, () -> apply(JAR_1, java.util.Arrays.copyOf(patch, patch.length - 1)));
    assertThrows(ArchiveFormatException.class, () -> apply(JAR_1, new byte[] {(byte) 0xd6, (byte) 0xc3, (byte) 0xc4, 0}));
  }

  @Test
  void aStoredArchiveAwareDeltaIsAPatchFromItsReference() throws Exception {
    InMemoryBackend backend = new InMemoryBackend();
    try (DeltaStore s = DeltaStore.builder().backend(backend).archiveAware(true).build()) {
      s.put("rel/a-1.jar", JAR_1);
      s.put("rel/a-2.jar", JAR_2);
      byte[] reference;
      byte[] delta;
      try (InputStream r = backend.get("rel/reference.bin"); InputStream d = backend.get("rel/a-2.jar.delta")) {
        reference = r.readAllBytes();
        delta = d.readAllBytes();
      }
      assertArrayEquals(JAR_2, apply(reference, delta));
      // And a patch made outside is in the store's format: the store's delta but for the expansion
      // map it names (a file patch has none: its reader expands the source itself).
      ArchiveDeltaHeader h = ArchiveDeltaHeader.readFrom(new java.io.ByteArrayInputStream(delta));
      assertEquals(64, h.mapSha256.length());
      int headerLength = h.toBytes().length;
      byte[] withoutMap = ArchiveDeltaStoreTest.concat(new ArchiveDeltaHeader(h.sourceLength, h.sourceSha256,
          h.expandedSourceLength, h.expandedSourceSha256, null, h.targetLength, h.targetSha256, h.expandedTargetLength,
          h.recipe).toBytes(), java.util.Arrays.copyOfRange(delta, headerLength, delta.length));
      assertArrayEquals(withoutMap, patch(JAR_1, JAR_2));
    }
  }
}
