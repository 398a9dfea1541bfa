package io.deltaglider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.spi.BlobInfo;
import io.deltaglider.spi.BlobQuery;
import io.deltaglider.spi.InMemoryBackend;
import io.deltaglider.spi.Payload;
import io.deltaglider.spi.StorageBackend;
import io.deltaglider.vcdiff.testing.TestData;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file rewritten while {@code put(Path)} runs (issue 15, item 1): the put used to hash the file in
 * one pass and encode it in a second, so it acknowledged a delta of other bytes than its metadata
 * described, and the key's previous version was gone. Now a put stores exactly the bytes it
 * recorded, or fails with {@link ContentChangedException} and replaces nothing.
 */
class ContentChangedDuringPutTest {
  static final byte[] V1 = TestData.random(61, 300_000);
  static final byte[] V2 = TestData.edited(V1, 62, 10, 100, false);
  static final byte[] V3 = TestData.edited(V2, 63, 10, 100, false);

  @TempDir Path dir;

  /** Runs {@code action} once, when the store first calls {@code op} on a raw key ending in {@code suffix}. */
  static final class OnFirst extends PausingBackend {
    private final String op;
    private final String suffix;
    private Runnable action;

    OnFirst(StorageBackend delegate, String op, String suffix, Runnable action) {
      super(delegate, 0);
      this.op = op;
      this.suffix = suffix;
      this.action = action;
    }

    private void maybe(String called, String key) {
      if (action != null && called.equals(op) && key.endsWith(suffix)) {
        Runnable a = action;
        action = null;
        a.run();
      }
    }

    @Override
    public Optional<BlobInfo> head(String key) throws DeltaStoreException {
      maybe("head", key);
      return super.head(key);
    }

    @Override
    public void put(String key, Payload content, Map<String, String> metadata) throws DeltaStoreException {
      maybe("put", key);
      super.put(key, content, metadata);
    }

    @Override
    public void putIfAbsent(String key, Payload content, Map<String, String> metadata) throws DeltaStoreException {
      maybe("putIfAbsent", key);
      super.putIfAbsent(key, content, metadata);
    }
  }

  private Runnable write(Path file, byte[] bytes) {
    return () -> {
      try {
        Files.write(file, bytes);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
  }

  private static byte[] sameSizeEdit(byte[] b) {
    byte[] c = b.clone();
    for (int i = 100_000; i < 100_032; i++) {
      c[i] = 'X';
    }
    return c;
  }

  /** The reproduction: rewritten after the put looked up the reference, before it encoded. */
  @Test
  void aFileRewrittenBeforeItIsEncodedIsStoredAsItWasReadAndReadsBack() throws Exception {
    InMemoryBackend raw = new InMemoryBackend();
    DeltaStore first = DeltaStore.builder().backend(raw).build();
    first.put("ch/a.zip", V1);
    Path b = dir.resolve("b.zip");
    Files.write(b, V2);
    byte[] rewritten = sameSizeEdit(V2);
    DeltaStore store = DeltaStore.builder().backend(new OnFirst(raw, "head", "reference.bin", write(b, rewritten)))
        .referenceCacheBytes(0).build();
    PutResult r = store.put("ch/b.zip", b);
    assertEquals(StoredForm.DELTA, r.form());
    assertArrayEquals(rewritten, store.get("ch/b.zip"), "what was read is what was stored");
    assertEquals(Sha256.of(rewritten, 0, rewritten.length), r.sha256());
    assertTrue(store.verify("ch/").ok());
  }

  @Test
  void aFileThatGrowsOrShrinksWhileItIsEncodedFailsAndTheOldVersionStays() throws Exception {
    for (byte[] changed : new byte[][] {java.util.Arrays.copyOf(V3, V3.length + 5000), java.util.Arrays.copyOf(V3, 200_000)}) {
      InMemoryBackend raw = new InMemoryBackend();
      DeltaStore setup = DeltaStore.builder().backend(raw).build();
      setup.put("ch/a.zip", V1);
      setup.put("ch/b.zip", V2);
      Path b = dir.resolve("b.zip");
      Files.write(b, V3);
      DeltaStore store = DeltaStore.builder().backend(new OnFirst(raw, "head", "reference.bin", write(b, changed)))
          .build();
      ContentChangedException e = assertThrows(ContentChangedException.class, () -> store.put("ch/b.zip", b));
      assertTrue(e.getMessage().contains(b.toString()), e.getMessage());
      assertArrayEquals(V2, store.get("ch/b.zip"), "the previous version is still there");
    }
  }

  /** A whole-object put hashes first, then uploads: the upload is checked against that hash. */
  @Test
  void aFileRewrittenWhileItIsUploadedWholeIsNotStored() throws Exception {
    InMemoryBackend raw = new InMemoryBackend();
    DeltaStore setup = DeltaStore.builder().backend(raw).build();
    setup.put("ch/notes.txt", V1);
    Path f = dir.resolve("notes.txt");
    Files.write(f, V2);
    DeltaStore store = DeltaStore.builder().backend(new OnFirst(raw, "put", "notes.txt", write(f, sameSizeEdit(V2))))
        .build();
    assertThrows(ContentChangedException.class, () -> store.put("ch/notes.txt", f));
    assertArrayEquals(V1, store.get("ch/notes.txt"), "the previous version is still there");
  }

  /** A delta that does not pay off falls back to a whole upload, checked against what the encoder read. */
  @Test
  void aFileRewrittenBeforeItsWholeFallbackUploadIsNotStored() throws Exception {
    InMemoryBackend raw = new InMemoryBackend();
    DeltaStore setup = DeltaStore.builder().backend(raw).build();
    setup.put("ch/a.zip", V1);
    byte[] unrelated = TestData.random(64, 300_000);
    setup.put("ch/b.zip", V2);
    Path b = dir.resolve("b.zip");
    Files.write(b, unrelated);
    DeltaStore store = DeltaStore.builder().backend(new OnFirst(raw, "put", "b.zip", write(b, sameSizeEdit(unrelated))))
        .build();
    assertThrows(ContentChangedException.class, () -> store.put("ch/b.zip", b));
    assertArrayEquals(V2, store.get("ch/b.zip"));
  }

  /** The first object of a deltaspace: its zero-diff delta is made from the read that records its digest. */
  @Test
  void aFileRewrittenBeforeItBecomesTheReferenceIsNotStoredAndLeavesNoReference() throws Exception {
    InMemoryBackend raw = new InMemoryBackend();
    Path a = dir.resolve("a.zip");
    Files.write(a, V1);
    DeltaStore store = DeltaStore.builder().backend(new OnFirst(raw, "putIfAbsent", "reference.bin",
        write(a, sameSizeEdit(V1)))).build();
    assertThrows(ContentChangedException.class, () -> store.put("ch/a.zip", a));
    assertTrue(raw.list(BlobQuery.under("")).objects().isEmpty(), "nothing stored: " + raw.list(BlobQuery.under("")).objects());
  }

  @Test
  void aFileThatStaysPutIsStoredAsBeforeInEveryForm() throws Exception {
    InMemoryBackend raw = new InMemoryBackend();
    DeltaStore store = DeltaStore.builder().backend(raw).build();
    Path a = dir.resolve("a.zip");
    Files.write(a, V1);
    PutResult first = store.put("ch/a.zip", a);
    assertTrue(first.createdReference());
    assertArrayEquals(V1, raw.get("ch/reference.bin").readAllBytes());
    Path b = dir.resolve("b.zip");
    Files.write(b, V2);
    assertEquals(StoredForm.DELTA, store.put("ch/b.zip", b).form());
    Path t = dir.resolve("t.txt");
    Files.write(t, V3);
    assertEquals(StoredForm.PASSTHROUGH, store.put("ch/t.txt", t).form());
    assertArrayEquals(V1, store.get("ch/a.zip"));
    assertArrayEquals(V2, store.get("ch/b.zip"));
    assertArrayEquals(V3, store.get("ch/t.txt"));
    for (String k : new String[] {"ch/a.zip", "ch/b.zip", "ch/t.txt"}) {
      ObjectInfo info = store.head(k);
      String md5 = StoredMetadata.parse(raw.head(k.endsWith(".txt") ? k : k + ".delta").get().metadata())
          .get(io.deltaglider.spi.MetadataNames.MD5);
      byte[] bytes = store.get(k);
      assertEquals(Sha256.hex(Digests.newMd5().digest(bytes)), md5, k);
      assertEquals(Sha256.of(bytes, 0, bytes.length), info.sha256(), k);
    }
  }

  /** put(Path) of a pipe, a device or a /proc file reads it once as a stream (issue 15, item 10). */
  @Test
  void aFileThatIsNotARegularFileIsReadAsAStream() throws Exception {
    Path fifo = dir.resolve("fifo");
    Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assertEquals(0, mk.waitFor());
    Thread writer = new Thread(() -> {
      try (java.io.OutputStream out = Files.newOutputStream(fifo)) {
        out.write(V2);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    writer.start();
    DeltaStore store = DeltaStore.builder().backend(new InMemoryBackend()).build();
    PutResult r = store.put("p/from-pipe.bin", fifo);
    writer.join();
    assertEquals(V2.length, r.originalSize());
    assertArrayEquals(V2, store.get("p/from-pipe.bin"));
  }

  /** put(InputStream) spools what it reads, so a source changing under it cannot make it inconsistent. */
  @Test
  void aStreamIsStoredAsItWasRead() throws Exception {
    InMemoryBackend raw = new InMemoryBackend();
    DeltaStore store = DeltaStore.builder().backend(raw).memoryThreshold(1000).build();
    store.put("s/a.zip", V1);
    byte[] live = V2.clone();
    InputStream in = new ByteArrayInputStream(live) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        int n = super.read(b, off, len);
        live[250_000] ^= 1; // changes bytes already consumed and bytes to come
        return n;
      }
    };
    PutResult r = store.put("s/b.zip", in);
    byte[] got = store.get("s/b.zip");
    assertEquals(Sha256.of(got, 0, got.length), r.sha256());
    assertFalse(r.sha256().isEmpty());
  }
}
