package io.deltaglider.vcdiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Encoding windows on several threads: same bytes, failures reported, no threads left behind. */
class VcdiffEncoderThreadsTest {
  private static final int WINDOW = 64 << 10;

  private static byte[][] pair() {
    Random r = new Random(42);
    byte[] source = Pairs.mixed(r, 1 << 20);
    return new byte[][] {source, Pairs.edit(r, source, 200)};
  }

  private static VcdiffEncoder encoder(int threads) {
    return VcdiffEncoder.builder().windowSize(WINDOW).threads(threads).build();
  }

  @Test
  void manyWindowsOnFourThreadsGiveTheSameDeltaAsOne() throws IOException {
    byte[][] p = pair();
    byte[] expected = encoder(1).encode(p[0], p[1]);
    assertTrue(p[1].length / WINDOW >= 15, "the pair must span many windows");
    assertArrayEquals(expected, encoder(4).encode(p[0], p[1]));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long n = encoder(4).encode(SourceData.of(p[0]), new ByteArrayInputStream(p[1]), out);
    assertArrayEquals(expected, out.toByteArray());
    assertEquals(expected.length, n);
    assertArrayEquals(p[1], VcdiffDecoder.create().decode(p[0], expected));
  }

  @Test
  void aTargetReadFailureIsRethrownAndTheWorkersStop() {
    byte[][] p = pair();
    IOException boom = new IOException("disk gone");
    InputStream failing = new InputStream() {
      private final InputStream in = new ByteArrayInputStream(p[1]);
      private int served;

      @Override
      public int read() {
        throw new UnsupportedOperationException();
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (served > 5 * WINDOW) {
          throw boom;
        }
        int n = in.read(b, off, Math.min(len, 4096));
        served += Math.max(n, 0);
        return n;
      }
    };
    IOException e = assertThrows(IOException.class,
        () -> encoder(3).encode(SourceData.of(p[0]), failing, new ByteArrayOutputStream()));
    assertSame(boom, e);
    assertNoEncoderThreadsLeft();
  }

  @Test
  void aSourceReadFailureOnAWorkerIsRethrownAsTheSameIOException() {
    byte[][] p = pair();
    byte[] base = p[0];
    IOException boom = new IOException("source unreadable");
    // Larger than the encoder ever copies into the heap, so the workers read it through read():
    // the base bytes over and over. Reads fail only on the encoder's worker threads.
    long size = SourceReader.inHeapLimit() + base.length;
    SourceData failing = new SourceData() {
      @Override
      public long size() {
        return size;
      }

      @Override
      public void read(long position, byte[] dst, int off, int len) throws IOException {
        if (Thread.currentThread().getName().startsWith("deltaglider-vcdiff-encoder")) {
          throw boom;
        }
        for (int i = 0; i < len; i++) {
          dst[off + i] = base[(int) ((position + i) % base.length)];
        }
      }
    };
    IOException e = assertThrows(IOException.class,
        () -> encoder(2).encode(failing, new ByteArrayInputStream(p[1]), new ByteArrayOutputStream()));
    assertSame(boom, e);
    assertNoEncoderThreadsLeft();
  }

  @Test
  void anOutputFailureIsRethrown() {
    byte[][] p = pair();
    IOException boom = new IOException("no space left on device");
    OutputStream failing = new OutputStream() {
      private int written;

      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        written += len;
        if (written > 1000) {
          throw boom;
        }
      }
    };
    IOException e = assertThrows(IOException.class,
        () -> encoder(2).encode(SourceData.of(p[0]), new ByteArrayInputStream(p[1]), failing));
    assertSame(boom, e);
    assertNoEncoderThreadsLeft();
  }

  private static void assertNoEncoderThreadsLeft() {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (System.nanoTime() < deadline) {
      boolean any = Thread.getAllStackTraces().keySet().stream()
          .anyMatch(t -> t.getName().startsWith("deltaglider-vcdiff-encoder") && t.isAlive());
      if (!any) {
        return;
      }
      Thread.onSpinWait();
    }
    throw new AssertionError("encoder threads still running 5 s after encode returned");
  }
}
