package io.deltaglider.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChannelOutputStreamTest {

  /** Collects what is written, at most {@code chunk} bytes per call (a short-writing channel). */
  private static final class Sink implements WritableByteChannel {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final List<Integer> calls = new ArrayList<>();
    final int chunk;
    IOException failure;
    boolean open = true;

    Sink(int chunk) {
      this.chunk = chunk;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      if (failure != null) {
        throw failure;
      }
      int n = Math.min(chunk, src.remaining());
      byte[] b = new byte[n];
      src.get(b);
      bytes.write(b, 0, n);
      calls.add(n);
      return n;
    }

    @Override
    public boolean isOpen() {
      return open;
    }

    @Override
    public void close() {
      open = false;
    }
  }

  @Test
  void mixedWritesArriveInOrderAndLargeOnesInSlices() throws IOException {
    Random random = new Random(5);
    byte[] big = new byte[5 * ChannelOutputStream.SLICE + 123];
    random.nextBytes(big);
    Sink sink = new Sink(Integer.MAX_VALUE);
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    try (ChannelOutputStream out = new ChannelOutputStream(sink)) {
      out.write(7);
      expected.write(7);
      out.write(big, 3, 100);
      expected.write(big, 3, 100);
      out.write(big, 0, big.length);
      expected.write(big, 0, big.length);
      out.write(big, 10, 70_000);
      expected.write(big, 10, 70_000);
      for (int i = 0; i < 1000; i++) {
        out.write(big, i, 33);
        expected.write(big, i, 33);
      }
    }
    assertArrayEquals(expected.toByteArray(), sink.bytes.toByteArray());
    assertTrue(sink.calls.stream().allMatch(n -> n <= ChannelOutputStream.SLICE), sink.calls::toString);
    assertTrue(!sink.open, "owned channel closed");
  }

  @Test
  void shortWritesAreRetriedUntilEverythingIsOut() throws IOException {
    byte[] data = new byte[300_000];
    new Random(6).nextBytes(data);
    Sink sink = new Sink(1000);
    try (ChannelOutputStream out = new ChannelOutputStream(sink)) {
      out.write(data);
    }
    assertArrayEquals(data, sink.bytes.toByteArray());
  }

  @Test
  void aChannelFailureReachesTheWriter() {
    Sink sink = new Sink(Integer.MAX_VALUE);
    sink.failure = new IOException("No space left on device");
    ChannelOutputStream out = new ChannelOutputStream(sink);
    assertSame(sink.failure, assertThrows(IOException.class, () -> out.write(new byte[2 << 20])));
    assertTrue(sink.open);
  }

  @Test
  void aFailedFlushOnCloseIsReportedAndTheChannelStillClosed() throws IOException {
    Sink sink = new Sink(Integer.MAX_VALUE);
    ChannelOutputStream out = new ChannelOutputStream(sink);
    out.write(new byte[] {1, 2, 3}); // buffered
    sink.failure = new IOException("No space left on device");
    assertSame(sink.failure, assertThrows(IOException.class, out::close));
    assertTrue(!sink.open, "closed even though the last flush failed");
  }

  @Test
  void aBorrowedChannelStaysOpen() throws IOException {
    Sink sink = new Sink(Integer.MAX_VALUE);
    ChannelOutputStream out = new ChannelOutputStream(sink, false);
    out.write(new byte[] {1, 2, 3});
    out.close();
    assertTrue(sink.open);
    assertEquals(3, sink.bytes.size());
    assertThrows(IOException.class, () -> out.write(new byte[100_000]));
  }
}
