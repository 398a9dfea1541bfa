package io.deltaglider.storage.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.deltaglider.DeltaStore;
import io.deltaglider.ObjectNotFoundException;
import io.deltaglider.RangeStream;
import io.deltaglider.spi.Payload;
import io.deltaglider.vcdiff.testing.TestData;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backend's ranged read is a positioned read: nothing before the offset is read from the file. */
class RangedGetTest {
  static final int MIB = 1 << 20;
  @TempDir Path dir;
  @TempDir Path spool;

  /** Bytes read from object files, and the lowest position any read started at. */
  final AtomicLong bytesRead = new AtomicLong();
  final AtomicLong lowest = new AtomicLong(Long.MAX_VALUE);
  /** Reads at the channel's own position (the others name their position). */
  final AtomicLong relativeReads = new AtomicLong();

  final FailingFileOps counting = new FailingFileOps() {
    @Override
    public FileChannel openRead(Path file) throws IOException {
      return new CountingChannel(super.openRead(file));
    }
  };

  private void reset() {
    bytesRead.set(0);
    lowest.set(Long.MAX_VALUE);
    relativeReads.set(0);
  }

  @Test
  void readsOnlyTheRange() throws Exception {
    FileSystemBackend b = FileSystemBackend.builder(dir).fileOps(counting).build();
    byte[] content = TestData.random(1, 3 * MIB);
    b.put("a/x.bin", Payload.of(content), Map.of("dg-file-size", Integer.toString(content.length)));
    reset();
    try (InputStream in = b.get("a/x.bin", 2L * MIB + 7, 1000)) {
      assertArrayEquals(Arrays.copyOfRange(content, 2 * MIB + 7, 2 * MIB + 1007), in.readAllBytes());
    }
    assertEquals(1000, bytesRead.get());
    assertEquals(2L * MIB + 7, lowest.get());
    // Positioned reads: the JDK's stream over a channel also seeks on skip, so the SPI's default
    // did not read these bytes either; this is the backend's own read of exactly the range.
    assertEquals(0, relativeReads.get());

    try (InputStream in = b.get("a/x.bin", 3L * MIB - 2, 1000)) {
      assertArrayEquals(Arrays.copyOfRange(content, 3 * MIB - 2, 3 * MIB), in.readAllBytes(), "cut at the end");
    }
    try (InputStream in = b.get("a/x.bin", 5L * MIB, 10)) {
      assertEquals(0, in.readAllBytes().length, "none past the end");
    }
    assertThrows(ObjectNotFoundException.class, () -> b.get("a/none.bin", 0, 1));
    assertThrows(IllegalArgumentException.class, () -> b.get("a/x.bin", -1, 1));
  }

  @Test
  void aStoreRangeOfAWholeObjectReadsOnlyItsChunkFromTheFile() throws Exception {
    FileSystemBackend b = FileSystemBackend.builder(dir).fileOps(counting).build();
    byte[] content = TestData.random(2, 24 * MIB);
    try (DeltaStore store = DeltaStore.builder().backend(b).tempDirectory(spool).build()) {
      store.put("w/big.bin", content);
      reset();
      try (RangeStream r = store.open("w/big.bin", 20L * MIB, 100)) {
        assertArrayEquals(Arrays.copyOfRange(content, 20 * MIB, 20 * MIB + 100), r.readAllBytes());
      }
      assertEquals(8L * MIB, bytesRead.get(), "the covering chunk only");
      assertEquals(16L * MIB, lowest.get());
      assertEquals(1, store.metrics().chunksVerified());
    }
  }

  @Test
  void chunkDigestsTravelInTheProxysJsonAsFieldsItIgnores() throws Exception {
    Path root = dir.resolve("data/default/deltaspaces");
    byte[] content = TestData.random(3, 9 * MIB);
    try (FileSystemBackend b = FileSystemBackend.builder(root).metadataStorage(FileSystemBackend.MetadataStorage.XATTR)
            .build();
        DeltaStore store = DeltaStore.builder().backend(b).tempDirectory(spool).build()) {
      store.put("w/big.bin", content);
    }
    var json = ProxyDeserializer.check(ProxyReadableTest.xattr(root.resolve("w/big.bin")));
    assertEquals("passthrough", json.get("note").textValue());
    assertEquals("8388608", json.get("dg-chunk-size").textValue());
    assertEquals(2 * 43, json.get("dg-chunk-sha256").textValue().length());
    // Read back through a store on the same directory: the range is checked by its chunk.
    try (FileSystemBackend b = FileSystemBackend.open(root);
        DeltaStore store = DeltaStore.builder().backend(b).tempDirectory(spool).build();
        RangeStream r = store.open("w/big.bin", 9L * MIB - 1, 1)) {
      assertArrayEquals(Arrays.copyOfRange(content, 9 * MIB - 1, 9 * MIB), r.readAllBytes());
      assertEquals(1, store.metrics().chunksVerified());
    }
  }

  /** A FileChannel that counts what is read through it. */
  private final class CountingChannel extends FileChannel {
    private final FileChannel ch;

    CountingChannel(FileChannel ch) {
      this.ch = ch;
    }

    private int counted(long at, int n) {
      if (n > 0) {
        bytesRead.addAndGet(n);
        lowest.accumulateAndGet(at, Math::min);
      }
      return n;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      relativeReads.incrementAndGet();
      return counted(ch.position(), ch.read(dst));
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
      return counted(position, ch.read(dst, position));
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
      throw new UnsupportedOperationException();
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      return ch.write(src);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
      return ch.write(srcs, offset, length);
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
      return ch.write(src, position);
    }

    @Override
    public long position() throws IOException {
      return ch.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
      ch.position(newPosition);
      return this;
    }

    @Override
    public long size() throws IOException {
      return ch.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
      ch.truncate(size);
      return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
      ch.force(metaData);
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) {
      throw new UnsupportedOperationException();
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) {
      throw new UnsupportedOperationException();
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) {
      throw new UnsupportedOperationException();
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
      return ch.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
      return ch.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
      ch.close();
    }
  }
}
