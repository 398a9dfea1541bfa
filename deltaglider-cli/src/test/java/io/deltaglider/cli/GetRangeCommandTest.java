package io.deltaglider.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.spi.InMemoryBackend;
import io.deltaglider.spi.Payload;
import io.deltaglider.vcdiff.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code get --range}: output, files and exit codes, over in-memory stores. */
class GetRangeCommandTest {
  static final int MIB = 1 << 20;
  static final byte[] WHOLE = TestData.random(1, 9 * MIB + 5);
  @TempDir Path dir;

  private final Map<StoreLocation, InMemoryBackend> backends = new ConcurrentHashMap<>();
  private byte[] v1;
  private byte[] v2;

  @BeforeEach
  void memoryStores() throws Exception {
    Stores.testBackends = loc -> backends.computeIfAbsent(loc, l -> new InMemoryBackend());
    v1 = TestData.text(1, 300_000);
    v2 = TestData.edited(v1, 2, 20, 200, false);
    Files.write(dir.resolve("app-1.0.zip"), v1);
    Files.write(dir.resolve("app-1.1.zip"), v2);
    Files.write(dir.resolve("data.bin"), WHOLE);
    assertEquals(0, dg("put", f("app-1.0.zip"), "releases/app/").exitCode());
    assertEquals(0, dg("put", f("app-1.1.zip"), "releases/app/").exitCode());
    assertEquals(0, dg("put", f("data.bin"), "data/").exitCode());
  }

  @AfterEach
  void realStores() {
    Stores.testBackends = null;
  }

  private String f(String name) {
    return dir.resolve(name).toString();
  }

  private Cli.Result dg(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = args[0];
    all[1] = "--store=" + dir.resolve("store");
    System.arraycopy(args, 1, all, 2, args.length - 1);
    return Cli.run(all);
  }

  private InMemoryBackend backend() {
    return backends.get(StoreLocation.local(dir.resolve("store")));
  }

  private static byte[] slice(byte[] b, int from, int to) {
    return Arrays.copyOfRange(b, from, to);
  }

  @Test
  void writesTheRangeToStandardOutputInEachForm() {
    Cli.Result r = dg("get", "--range", "bytes=0-99", "releases/app/app-1.1.zip", "-");
    assertEquals(0, r.exitCode(), r::toString);
    assertArrayEquals(slice(v2, 0, 100), r.stdout());
    assertEquals("", r.stderr());

    r = dg("get", "--range=-22", "releases/app/app-1.1.zip", "-");
    assertEquals(0, r.exitCode(), r::toString);
    assertArrayEquals(slice(v2, v2.length - 22, v2.length), r.stdout());

    r = dg("get", "--range", "8388600-", "s3://data/data.bin", "-");
    assertEquals(0, r.exitCode(), r::toString);
    assertArrayEquals(slice(WHOLE, 8388600, WHOLE.length), r.stdout());

    r = dg("get", "--range", "bytes=100-" + (10 * MIB), "data/data.bin", "-");
    assertArrayEquals(slice(WHOLE, 100, WHOLE.length), r.stdout(), "cut at the end");
  }

  @Test
  void writesTheRangeToAFileAndSaysWhichBytes() throws Exception {
    Cli.Result r = dg("get", "--range", "bytes=10-19", "data/data.bin", f("part.bin"));
    assertEquals(0, r.exitCode(), r::toString);
    assertArrayEquals(slice(WHOLE, 10, 20), Files.readAllBytes(dir.resolve("part.bin")));
    assertEquals("restored bytes 10-19 of data/data.bin (9437189 bytes) to " + f("part.bin") + " (10 B, verified)\n",
        r.out());

    r = dg("get", "--json", "--range", "-5", "releases/app/app-1.1.zip", f("tail.bin"));
    assertEquals(0, r.exitCode(), r::toString);
    assertArrayEquals(slice(v2, v2.length - 5, v2.length), Files.readAllBytes(dir.resolve("tail.bin")));
    assertEquals("{\"key\":\"releases/app/app-1.1.zip\",\"file\":\"" + f("tail.bin") + "\",\"offset\":" + (v2.length - 5)
        + ",\"length\":5,\"objectSize\":" + v2.length + ",\"verified\":true}\n", r.out());
  }

  @Test
  void exitCodes() throws Exception {
    Cli.Result r = dg("get", "--range", "bytes=5-2", "data/data.bin", "-");
    assertEquals(2, r.exitCode(), r::toString);
    assertEquals(List.of("deltaglider: --range: invalid range 'bytes=5-2': the last byte is before the first"),
        r.errLines());

    r = dg("get", "--range", "bytes=" + WHOLE.length + "-", "data/data.bin", f("none.bin"));
    assertEquals(1, r.exitCode(), r::toString);
    assertEquals(List.of("deltaglider: data/data.bin: the range bytes=" + WHOLE.length
        + "- is not satisfiable: the object has " + WHOLE.length + " bytes"), r.errLines());
    assertFalse(Files.exists(dir.resolve("none.bin")));

    r = dg("get", "--range", "0-1", "data/missing.bin", "-");
    assertEquals(4, r.exitCode(), r::toString);

    // A flipped byte in the second chunk: ranges in the first still read, ranges touching it exit 5.
    byte[] damaged = WHOLE.clone();
    damaged[9 * MIB] ^= 1;
    Map<String, String> meta = new HashMap<>(backend().head("data/data.bin").orElseThrow().metadata());
    backend().put("data/data.bin", Payload.of(damaged), meta);
    r = dg("get", "--range", "0-99", "data/data.bin", f("ok.bin"));
    assertEquals(0, r.exitCode(), r::toString);
    r = dg("get", "--range", "-10", "data/data.bin", f("bad.bin"));
    assertEquals(5, r.exitCode(), r::toString);
    assertEquals(1, r.errLines().size(), r::toString);
    assertTrue(r.stderr().contains("chunk 1"), r.stderr());
    assertFalse(Files.exists(dir.resolve("bad.bin")), "nothing written");
    try (var files = Files.list(dir)) {
      assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temp file left");
    }
  }
}
