package io.deltaglider.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Mutated real archives (bytes flipped, overwritten, inserted, deleted, duplicated, truncated)
 * always expand, and rebuild to exactly themselves. Mutated expanded forms and recipes either
 * rebuild to the original or fail with an {@link ArchiveFormatException}: never another
 * exception, a hang, or a wrong byte. Layouts replay to the very form on the mutated archives, and
 * a layout replayed on another (mutated) archive, or a mutated layout, gives some form or an
 * {@link ArchiveFormatException}, never another exception.
 */
class ExpandRebuildFuzzTest {

  static final List<byte[]> SEEDS = seeds();

  private static List<byte[]> seeds() {
    List<byte[]> seeds = new ArrayList<>();
    byte[] jar = Samples.zip(6, "META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n".getBytes(), "a/A.class",
        Samples.text(1, 6000), "a/B.class", Samples.text(2, 900), "res.bin", Samples.random(3, 700));
    seeds.add(jar);
    seeds.add(Samples.zip(-1, "nested.jar", jar, "x", Samples.text(4, 300)));
    seeds.add(Samples.gzip(new TarWriter().dir("lib/").file("lib/a.jar", jar).file("notes", Samples.text(5, 2000))
        .paxSizedFile("p.jar", jar).finish()));
    Samples.Le gz = new Samples.Le();
    for (int flags = 0; flags < 32; flags += 5) {
      gz.bytes(GzipTransformTest.gzipMember(Samples.text(6 + flags, 1500), 9, 0, flags, 2));
    }
    seeds.add(gz.toByteArray());
    Samples.Le desc = new Samples.Le();
    byte[] content = Samples.text(7, 3000);
    byte[] stream = Samples.deflate(content, 1, 0);
    ZipTransformTest.localHeader(desc, "d", 8, 8, 0, 0, 0, new byte[0]);
    desc.bytes(stream).u32(Samples.crc(content)).u32(stream.length).u32(content.length);
    seeds.add(desc.bytes(jar).toByteArray());
    seeds.addAll(toolSeeds());
    return seeds;
  }

  /** Archives made by jar, gzip -n and tar, and a small jar from the local Maven repository, where there are. */
  private static List<byte[]> toolSeeds() {
    List<byte[]> seeds = new ArrayList<>();
    Path dir = null;
    try {
      dir = Files.createTempDirectory("archive-fuzz");
      Path src = dir.resolve("src");
      Files.createDirectories(src.resolve("pkg"));
      Files.write(src.resolve("pkg/One.java"), Samples.text(20, 3000));
      Files.write(src.resolve("pkg/Two.java"), Samples.text(21, 1200));
      if (RealArchives.has("jar")) {
        RealArchives.run(dir, "jar", "--create", "--file", "t.jar", "-C", "src", ".");
        seeds.add(Files.readAllBytes(dir.resolve("t.jar")));
      }
      if (RealArchives.has("tar") && RealArchives.has("gzip")) {
        RealArchives.run(dir, "tar", "--format=gnu", "-cf", "t.tar", "src");
        seeds.add(Files.readAllBytes(dir.resolve("t.tar")));
        RealArchives.run(dir, "gzip", "-n", "t.tar");
        seeds.add(Files.readAllBytes(dir.resolve("t.tar.gz")));
      }
      for (Path jar : RealArchives.someM2Jars(1, 5_000, 40_000)) {
        seeds.add(Files.readAllBytes(jar));
      }
    } catch (IOException | RuntimeException e) {
      System.out.println("fuzz seeds from tools skipped: " + e);
    } finally {
      deleteTree(dir);
    }
    return seeds;
  }

  private static void deleteTree(Path dir) {
    if (dir == null) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      System.out.println("could not delete " + dir + ": " + e);
    }
  }

  @Provide
  Arbitrary<byte[]> mutatedArchives() {
    return Arbitraries.integers().between(0, SEEDS.size() - 1).flatMap(i -> Arbitraries.longs().map(seed ->
        mutate(SEEDS.get(i), new Random(seed))));
  }

  static byte[] mutate(byte[] original, Random r) {
    byte[] b = original.clone();
    int edits = 1 + r.nextInt(4);
    for (int e = 0; e < edits && b.length > 0; e++) {
      int at = r.nextInt(b.length);
      int len = 1 + r.nextInt(Math.min(64, b.length - at));
      switch (r.nextInt(6)) {
        case 0 -> b[at] ^= (byte) (1 << r.nextInt(8));
        case 1 -> {
          for (int k = 0; k < len; k++) {
            b[at + k] = (byte) r.nextInt(256);
          }
        }
        case 2 -> {
          byte[] ins = new byte[len];
          r.nextBytes(ins);
          b = concat(Arrays.copyOf(b, at), ins, Arrays.copyOfRange(b, at, b.length));
        }
        case 3 -> b = concat(Arrays.copyOf(b, at), Arrays.copyOfRange(b, at + len, b.length));
        case 4 -> b = concat(Arrays.copyOf(b, at + len), Arrays.copyOfRange(b, at, b.length));
        default -> b = Arrays.copyOf(b, at);
      }
    }
    return b;
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  @Property(tries = 1000)
  void mutatedArchivesRoundTrip(@ForAll("mutatedArchives") byte[] archive) {
    RoundTrip.of(archive);
  }

  @Provide
  Arbitrary<Object[]> mutatedForms() {
    return Arbitraries.integers().between(0, SEEDS.size() - 1).flatMap(i -> Arbitraries.longs().flatMap(seed ->
        Arbitraries.of(true, false).map(mutateRecipe -> new Object[] {i, seed, mutateRecipe})));
  }

  @Property(tries = 400)
  void mutatedFormsRebuildExactlyOrFailCleanly(@ForAll("mutatedForms") Object[] c) throws IOException {
    byte[] original = SEEDS.get((Integer) c[0]);
    RoundTrip rt = RoundTrip.of(original);
    Random r = new Random((Long) c[1]);
    boolean recipe = (Boolean) c[2];
    byte[] form = recipe ? rt.expanded : mutate(rt.expanded, r);
    byte[] rec = recipe ? mutate(rt.recipe, r) : rt.recipe;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ArchiveTransforms.create().rebuild(new ByteArrayInputStream(form), new ByteArrayInputStream(rec), out);
    } catch (ArchiveFormatException refused) {
      return;
    }
    assertArrayEquals(original, out.toByteArray());
  }

  @Property(tries = 300)
  void layoutsOfMutatedArchivesReplayToTheirForm(@ForAll("mutatedArchives") byte[] archive) throws IOException {
    LayoutReplayTest.Made m = LayoutReplayTest.expand(archive, ArchiveTransforms.create());
    assertArrayEquals(m.form(), LayoutReplayTest.replay(archive, m.layout(), m.form().length));
  }

  @Property(tries = 300)
  void mismatchedOrMutatedLayoutsGiveSomeFormOrFailCleanly(@ForAll("mutatedForms") Object[] c) throws IOException {
    byte[] original = SEEDS.get((Integer) c[0]);
    LayoutReplayTest.Made m = LayoutReplayTest.expand(original, ArchiveTransforms.create());
    Random r = new Random((Long) c[1]);
    boolean mutateLayout = (Boolean) c[2];
    byte[] archive = mutateLayout ? original : mutate(original, r);
    byte[] layout = mutateLayout ? mutate(m.layout(), r) : m.layout();
    try {
      LayoutReplayTest.replay(archive, layout, 4L * m.form().length + 64);
    } catch (ArchiveFormatException refused) {
      // the only way to refuse
    }
  }
}
