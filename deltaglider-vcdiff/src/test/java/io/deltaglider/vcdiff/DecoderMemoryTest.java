package io.deltaglider.vcdiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.vcdiff.testing.RawWindows;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the decoder allocates for lengths read from the delta (issue 15, item 6): measured as the
 * bytes the decoding thread allocates (HotSpot's per-thread counter), a window or section gets
 * memory for what its bytes can produce, not for what its header claims.
 */
class DecoderMemoryTest {
  private static final int MIB = 1 << 20;
  private static final byte[] NONE = new byte[0];
  private static final VcdiffDecoder DECODER = VcdiffDecoder.create();

  private interface Decode {
    void run() throws IOException;
  }

  @BeforeAll
  static void warmUp() throws IOException {
    Assumptions.assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean
        && ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).isThreadAllocatedMemorySupported(),
        "needs the JVM's per-thread allocation counter");
    // Loads the classes and static tables, which a measured decode should not be charged for.
    byte[] delta = LyingDeltas.runWindows(2, 1000);
    DECODER.decode(NONE, delta);
    stream(delta);
    assertThrows(VcdiffException.class, () -> DECODER.decode(NONE, LyingDeltas.lzmaSectionClaiming(5000, 1000)));
  }

  private static long allocatedBy(Decode decode) throws IOException {
    com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = bean.getCurrentThreadAllocatedBytes();
    decode.run();
    return bean.getCurrentThreadAllocatedBytes() - before;
  }

  /** Allocation of a failing decode, in memory and streamed; checks the failure's message. */
  private static long[] refusedAllocating(byte[] delta, String message) throws IOException {
    long[] bytes = new long[2];
    bytes[0] = allocatedBy(() -> {
      VcdiffException e = assertThrows(VcdiffException.class, () -> DECODER.decode(NONE, delta));
      assertTrue(e.getMessage().contains(message), e.getMessage());
    });
    bytes[1] = allocatedBy(() -> {
      VcdiffException e = assertThrows(VcdiffException.class, () -> stream(delta));
      assertTrue(e.getMessage().contains(message), e.getMessage());
    });
    return bytes;
  }

  private static void stream(byte[] delta) throws IOException {
    DECODER.decode(SourceData.empty(), new ByteArrayInputStream(delta), OutputStream.nullOutputStream());
  }

  @Test
  void aWindowDeclaring64MiBWithNoInstructionsAllocatesNothingForIt() throws IOException {
    byte[] delta = LyingDeltas.window64MiBOfNothing();
    try (InputStream in = getClass().getResourceAsStream(
        "/regressions/decoder/window-claims-64mib-produces-nothing.vcdiff")) {
      assertArrayEquals(in.readAllBytes(), delta, "the issue's 15 bytes, kept as a regression file too");
    }
    long[] bytes = refusedAllocating(delta, "instructions produce 0 bytes, the header says 67108864");
    assertTrue(bytes[0] < MIB && bytes[1] < MIB, "allocated " + Arrays.toString(bytes));
  }

  @Test
  void aWindowGetsWhatItsInstructionsAccountFor() throws IOException {
    byte[] delta = LyingDeltas.windowThatAddsThenStops(48 * MIB, 1000);
    long[] bytes = refusedAllocating(delta, "addresses section underflow");
    assertTrue(bytes[0] < MIB && bytes[1] < MIB, "allocated " + Arrays.toString(bytes));
  }

  @Test
  void anLzmaSectionGetsWhatItsStreamDelivers() throws IOException {
    byte[] delta = LyingDeltas.lzmaSectionClaiming(200L * MIB, 1000);
    long[] bytes = refusedAllocating(delta, "LZMA");
    // The first output chunk, the .xz decoder's dictionary and tables: a few MiB, not 200.
    assertTrue(bytes[0] < 8 * MIB && bytes[1] < 8 * MIB, "allocated " + Arrays.toString(bytes));
  }

  @Test
  void aDjwSectionClaimingMoreThanItsBitsCanHoldIsRefusedBeforeAllocating() throws IOException {
    byte[] sample = resource("text-djw");
    RawWindows.Window w = RawWindows.parse(sample).windows.get(0);
    int compressed = w.sections[RawWindows.DATA].payload.length;
    assertArrayEquals(sample, LyingDeltas.redeclare(sample, 0, (int) w.targetLength, -1, 0),
        "rewriting with the same lengths gives the same bytes");
    byte[] delta = LyingDeltas.redeclare(sample, 0, 4 * MIB, RawWindows.DATA, 8L * compressed + 1);
    long[] bytes = refusedAllocating(delta, "bytes can hold");
    assertTrue(bytes[0] < MIB && bytes[1] < MIB, "allocated " + Arrays.toString(bytes));
    // Exactly as much as the bits can hold is not refused for its size (it fails later, decoding).
    VcdiffException e = assertThrows(VcdiffException.class, () -> DECODER.decode(NONE,
        LyingDeltas.redeclare(sample, 0, 4 * MIB, RawWindows.DATA, 8L * compressed)));
    assertTrue(!e.getMessage().contains("can hold"), e.getMessage());
  }

  @Test
  void aStreamedDecodeKeepsOneWindowBuffer() throws IOException {
    byte[] delta = LyingDeltas.runWindows(3, 4 * MIB);
    // One 4 MiB buffer for all three windows; two buffers alternating would take 8 MiB.
    long bytes = allocatedBy(() -> stream(delta));
    assertTrue(bytes > 4 * MIB && bytes < 6 * MIB, "allocated " + bytes);
  }

  @Test
  void anInMemoryDecodeAllocatesItsResultOnce() throws IOException {
    byte[] delta = LyingDeltas.runWindows(3, 4 * MIB);
    byte[][] result = new byte[1][];
    long bytes = allocatedBy(() -> result[0] = DECODER.decode(NONE, delta));
    assertEquals(12 * MIB, result[0].length);
    assertTrue(bytes > 12 * MIB && bytes < 13 * MIB, "allocated " + bytes);
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = DecoderMemoryTest.class.getResourceAsStream("/secondary/" + name + ".vcdiff")) {
      return in.readAllBytes();
    }
  }
}
