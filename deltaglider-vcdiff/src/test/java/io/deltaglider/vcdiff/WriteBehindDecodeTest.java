package io.deltaglider.vcdiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.vcdiff.testing.RawWindows;
import io.deltaglider.vcdiff.testing.TestData;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Decoding with write-behind (windows verified and written on a helper thread) gives the same
 * bytes and the same failures as decoding on one thread, never reports success for a window that
 * was not written, and leaves no thread behind.
 */
class WriteBehindDecodeTest {
  private static final int WINDOW = 4096;
  private static final VcdiffDecoder BEHIND = VcdiffDecoder.builder().writeBehind(true).build();

  private final byte[] source = TestData.text(41, 60_000);
  private final byte[] target = TestData.edited(source, 42, 30, 400, true);
  private final byte[] delta =
      VcdiffEncoder.builder().windowSize(WINDOW).build().encode(source, target);

  @AfterEach
  void noWriterThreadLeft() {
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      assertFalse(t.getName().equals("deltaglider-vcdiff-writer") && t.isAlive(),
          "writer thread still running after the decode returned");
    }
  }

  @Test
  void decodesTheSameBytesAsTheSingleThreadedDecode() throws IOException {
    assertTrue(RawWindows.parse(delta).windows.size() > 10, "several windows");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    DecodeResult r = BEHIND.decode(SourceData.of(source), new ByteArrayInputStream(delta), out);
    assertArrayEquals(target, out.toByteArray());
    assertEquals(target.length, r.targetLength());
  }

  @Test
  void aSlowStreamStillGetsEveryWindowInOrder() throws IOException {
    List<Integer> sizes = new ArrayList<>();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    OutputStream slow = new OutputStream() {
      @Override
      public void write(int b) {
        throw new AssertionError("windows are written whole");
      }

      @Override
      public void write(byte[] b, int off, int len) {
        try {
          Thread.sleep(2);
        } catch (InterruptedException e) {
          throw new AssertionError(e);
        }
        sizes.add(len);
        bytes.write(b, off, len);
      }
    };
    BEHIND.decode(SourceData.of(source), new ByteArrayInputStream(delta), slow);
    assertArrayEquals(target, bytes.toByteArray());
    assertEquals(RawWindows.parse(delta).windows.size(), sizes.size());
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 5})
  void aFailedWriteFailsTheDecodeWithThatException(int failingWrite) {
    IOException boom = new IOException("No space left on device");
    FailingStream out = new FailingStream(failingWrite, boom);
    IOException e = assertThrows(IOException.class,
        () -> BEHIND.decode(SourceData.of(source), new ByteArrayInputStream(delta), out));
    assertSame(boom, e);
    assertEquals(failingWrite, out.good, "no write after the failed one");
    assertArrayEquals(Arrays.copyOf(target, out.bytes.size()), out.bytes.toByteArray());
  }

  @Test
  void aFailedLastWriteIsNotReportedAsSuccess() {
    int windows = RawWindows.parse(delta).windows.size();
    IOException boom = new IOException("disk quota exceeded");
    FailingStream out = new FailingStream(windows - 1, boom);
    assertSame(boom, assertThrows(IOException.class,
        () -> BEHIND.decode(SourceData.of(source), new ByteArrayInputStream(delta), out)));
  }

  @Test
  void aRuntimeExceptionFromTheStreamReachesTheCaller() {
    IllegalStateException boom = new IllegalStateException("stream broke");
    OutputStream out = new OutputStream() {
      @Override
      public void write(int b) {}

      @Override
      public void write(byte[] b, int off, int len) {
        throw boom;
      }
    };
    assertSame(boom, assertThrows(IllegalStateException.class,
        () -> BEHIND.decode(SourceData.of(source), new ByteArrayInputStream(delta), out)));
  }

  @Test
  void aChecksumMismatchFailsAsOnOneThreadAndTheBadWindowIsNotWritten() {
    RawWindows raw = RawWindows.parse(delta);
    int bad = 3;
    byte[] corrupt = delta.clone();
    corrupt[raw.windows.get(bad).sections[RawWindows.DATA].offset - 1] ^= 0x01; // last checksum byte

    FailingStream single = new FailingStream(Integer.MAX_VALUE, null);
    VcdiffException expected = assertThrows(VcdiffException.class,
        () -> VcdiffDecoder.create().decode(SourceData.of(source), new ByteArrayInputStream(corrupt), single));
    FailingStream behind = new FailingStream(Integer.MAX_VALUE, null);
    VcdiffException actual = assertThrows(VcdiffException.class,
        () -> BEHIND.decode(SourceData.of(source), new ByteArrayInputStream(corrupt), behind));

    assertEquals(expected.getMessage(), actual.getMessage());
    assertEquals(expected.offset(), actual.offset());
    assertTrue(actual.getMessage().contains("checksum mismatch"), actual.getMessage());
    assertEquals(bad, behind.good, "windows before the bad one written, not it");
    assertEquals(bad * WINDOW, behind.bytes.size());
  }

  @Test
  void aCorruptLaterWindowFailsWithTheDecodeError() {
    RawWindows raw = RawWindows.parse(delta);
    byte[] truncated = Arrays.copyOf(delta, raw.windows.get(6).sections[RawWindows.INST].offset + 1);
    FailingStream out = new FailingStream(Integer.MAX_VALUE, null);
    VcdiffException e = assertThrows(VcdiffException.class,
        () -> BEHIND.decode(SourceData.of(source), new ByteArrayInputStream(truncated), out));
    assertTrue(e.getMessage().contains("ends early"), e.getMessage());
    assertEquals(6, out.good);
  }

  @Test
  void anEmptyDeltaBodyStartsNoThread() throws IOException {
    byte[] empty = VcdiffEncoder.create().encode(source, new byte[0]);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertEquals(0, BEHIND.decode(SourceData.of(source), new ByteArrayInputStream(empty), out).targetLength());
    assertEquals(0, out.size());
  }

  /** Accepts {@code good} writes, then throws {@code failure} (or accepts all if it is null). */
  private static final class FailingStream extends OutputStream {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final int failAt;
    private final IOException failure;
    int good;
    private boolean failed;

    FailingStream(int failAt, IOException failure) {
      this.failAt = failAt;
      this.failure = failure;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (failed) {
        throw new AssertionError("written to after a failed write");
      }
      if (good == failAt && failure != null) {
        failed = true;
        throw failure;
      }
      good++;
      bytes.write(b, off, len);
    }
  }
}
