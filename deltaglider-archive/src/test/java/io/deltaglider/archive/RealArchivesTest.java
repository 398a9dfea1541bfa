package io.deltaglider.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Archives made by jar, gzip and tar, and real jars: round trip, and how many streams expand. */
class RealArchivesTest {

  @TempDir
  Path tmp;

  @Test
  void jarTool() throws IOException {
    assumeTrue(RealArchives.has("jar"), "no jar command");
    Path src = tmp.resolve("src");
    RealArchives.populate(src, 1);
    RealArchives.run(tmp, "jar", "--create", "--file", "made.jar", "-C", "src", ".");
    RoundTrip rt = RoundTrip.of(Files.readAllBytes(tmp.resolve("made.jar")));
    System.out.println("jar tool: " + rt.result);
    assertEquals(rt.result.deflateStreams(), rt.result.streamsExpanded());
  }

  @Test
  void gzipAndTarTools() throws IOException {
    assumeTrue(RealArchives.has("tar") && RealArchives.has("gzip"), "no tar or gzip command");
    Path src = tmp.resolve("src");
    RealArchives.populate(src, 2);
    RealArchives.run(tmp, "tar", "--format=gnu", "-cf", "gnu.tar", "src");
    RealArchives.run(tmp, "tar", "--format=pax", "-cf", "pax.tar", "src");
    for (String name : new String[] {"gnu.tar", "pax.tar"}) {
      RoundTrip rt = RoundTrip.of(Files.readAllBytes(tmp.resolve(name)));
      assertEquals(1, rt.result.containers(), name);
    }
    for (String level : new String[] {"-1", "-6", "-9"}) {
      Files.copy(tmp.resolve("pax.tar"), tmp.resolve("t" + level + ".tar"));
      RealArchives.run(tmp, "gzip", "-n", level, "t" + level + ".tar");
      RoundTrip rt = RoundTrip.of(Files.readAllBytes(tmp.resolve("t" + level + ".tar.gz")));
      // GNU gzip is not zlib: whether the platform deflater reproduces it is reported, not asserted.
      System.out.println("gzip -n " + level + ": " + rt.result);
      assertEquals(1, rt.result.deflateStreams());
    }
  }

  @Test
  void tarGzOfJarsMadeByTools() throws IOException {
    assumeTrue(RealArchives.has("tar") && RealArchives.has("jar"), "no tar or jar command");
    Path src = tmp.resolve("src");
    RealArchives.populate(src, 3);
    Path lib = Files.createDirectories(tmp.resolve("dist/lib"));
    RealArchives.run(tmp, "jar", "--create", "--file", "dist/lib/app.jar", "-C", "src", ".");
    List<Path> m2 = RealArchives.someM2Jars(2, 20_000, 400_000);
    for (Path jar : m2) {
      Files.copy(jar, lib.resolve(jar.getFileName()));
    }
    // tar -z runs GNU gzip, whose deflate is not zlib's: no zlib settings reproduce it (checked
    // for every level and memLevel), so the tar inside stays compressed. Reported, not asserted.
    RealArchives.run(tmp, "tar", "-czf", "dist.tar.gz", "dist");
    System.out.println("tar -czf with " + (1 + m2.size()) + " jars: "
        + RoundTrip.of(Files.readAllBytes(tmp.resolve("dist.tar.gz"))).result);
    // The same tar gzipped by zlib, as Maven's assembly plugin and Node do: everything opens.
    RealArchives.run(tmp, "tar", "-cf", "dist.tar", "dist");
    RoundTrip rt = RoundTrip.of(Samples.gzip(Files.readAllBytes(tmp.resolve("dist.tar"))));
    System.out.println("tar -cf, zlib gzip, " + (1 + m2.size()) + " jars: " + rt.result);
    assertEquals(3 + m2.size(), rt.result.containers());
    assertEquals(rt.result.deflateStreams(), rt.result.streamsExpanded());
  }

  @Test
  void jarsFromTheLocalMavenRepository() throws IOException {
    List<Path> jars = RealArchives.someM2Jars(8, 50_000, 3_000_000);
    assumeFalse(jars.isEmpty(), "no jars in " + RealArchives.m2());
    for (Path jar : jars) {
      RoundTrip rt = RoundTrip.of(Files.readAllBytes(jar));
      System.out.printf("%s: %d streams, %d expanded, %d kept, recipe %d bytes, %d -> %d bytes%n",
          jar.getFileName(), rt.result.deflateStreams(), rt.result.streamsExpanded(),
          rt.result.streamsNotReproduced(), rt.result.recipeLength(), rt.result.originalLength(),
          rt.result.expandedLength());
    }
  }
}
