package io.deltaglider.vcdiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.vcdiff.testing.RawDelta;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The executor's own growth of the target buffer, for instructions producing more than was
 * reserved (the decoder reserves what {@link WindowExecutor#accountedLength} counts, which covers
 * every byte a window can produce, so this is the fallback should the two ever disagree).
 */
class WindowExecutorGrowthTest {
  private static final CodeTable TABLE = CodeTable.defaultTable();
  private static final int RUN = LyingDeltas.RUN;
  private static final int ADD = LyingDeltas.ADD;
  private static final int COPY_SELF = LyingDeltas.COPY_SELF;

  /** "ab", COPY from target offset 0 overlapping itself for 100000 bytes, RUN of 300000 'z'. */
  private static final byte[] DATA = "abz".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] INST = concat(new byte[] {(byte) ADD, 2, (byte) COPY_SELF},
      RawDelta.varintBytes(100_000), new byte[] {(byte) RUN}, RawDelta.varintBytes(300_000));
  private static final byte[] ADDR = {0};
  private static final int LENGTH = 400_002;

  private static byte[] expected() {
    byte[] t = new byte[LENGTH];
    for (int i = 0; i < 100_002; i++) {
      t[i] = (byte) (i % 2 == 0 ? 'a' : 'b');
    }
    Arrays.fill(t, 100_002, LENGTH, (byte) 'z');
    return t;
  }

  private static void execute(WindowExecutor executor, TargetSink sink) throws IOException {
    executor.copyFromArray(null, 0, 0);
    executor.execute(TABLE, sink, sink.base, LENGTH, 0, new Section().whole(DATA, DATA.length),
        new Section().whole(INST, INST.length), new Section().whole(ADDR, ADDR.length), new long[3], false, false, false);
  }

  @Test
  void theInstructionsAccountForTheWholeWindow() {
    assertEquals(LENGTH, WindowExecutor.accountedLength(TABLE, INST, INST.length, DATA.length, ADDR, ADDR.length, LENGTH));
    // Without the RUN's data byte, or the COPY's address, they account for less.
    assertEquals(100_002, WindowExecutor.accountedLength(TABLE, INST, INST.length, 2, ADDR, ADDR.length, LENGTH));
    assertEquals(2, WindowExecutor.accountedLength(TABLE, INST, INST.length, DATA.length, ADDR, 0, LENGTH));
    assertEquals(2, WindowExecutor.accountedLength(TABLE, INST, INST.length, DATA.length, ADDR, ADDR.length, 50_000));
  }

  @Test
  void aStreamedWindowGrowsFromNothing() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TargetSink.Stream sink = new TargetSink.Stream(out, false);
    WindowExecutor executor = new WindowExecutor();
    for (int window = 0; window < 2; window++) {
      sink.prepare(LENGTH, false);
      execute(executor, sink);
      assertTrue(sink.buffer.length >= LENGTH && sink.buffer.length < 2 * LENGTH, "" + sink.buffer.length);
      sink.commit(LENGTH, -1, false, 0);
    }
    byte[] both = concat(expected(), expected());
    assertArrayEquals(both, out.toByteArray());
  }

  @Test
  void anInMemoryTargetGrowsKeepingEarlierWindows() throws IOException {
    TargetSink.InMemory sink = new TargetSink.InMemory(2L * LENGTH, null);
    WindowExecutor executor = new WindowExecutor();
    for (int window = 0; window < 2; window++) {
      sink.prepare(LENGTH, false);
      execute(executor, sink);
      sink.commit(LENGTH, -1, false, 0);
    }
    assertArrayEquals(concat(expected(), expected()), sink.toByteArray());
  }

  @Test
  void growingNeverGoesPastTheDeclaredWindow() throws IOException {
    TargetSink.Stream sink = new TargetSink.Stream(new ByteArrayOutputStream(), false);
    sink.prepare(LENGTH - 1, false);
    WindowExecutor executor = new WindowExecutor();
    executor.copyFromArray(null, 0, 0);
    VcdiffException e = assertThrows(VcdiffException.class, () -> executor.execute(TABLE, sink, 0,
        LENGTH - 1, 0, new Section().whole(DATA, DATA.length), new Section().whole(INST, INST.length),
        new Section().whole(ADDR, ADDR.length), new long[3], false, false, false));
    assertTrue(e.getMessage().contains("overflows the target window"), e.getMessage());
    assertTrue(sink.buffer.length < LENGTH, "" + sink.buffer.length);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      b.writeBytes(p);
    }
    return b.toByteArray();
  }
}
