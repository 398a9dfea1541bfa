package io.deltaglider.encryption;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.deltaglider.ObjectNotFoundException;
import io.deltaglider.spi.BlobInfo;
import io.deltaglider.spi.BlobPage;
import io.deltaglider.spi.BlobQuery;
import io.deltaglider.spi.Payload;
import io.deltaglider.spi.StorageBackend;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * An object larger than the test JVM's whole heap (1 GiB) is encrypted and decrypted through the
 * decorator: anything that buffered the object would run out of memory.
 */
class BoundedMemoryTest {
  private static final long SIZE = (5L << 30) / 4; // 1.25 GiB

  /** Keeps each put's payload itself and replays it on get: storage that costs no memory. */
  static final class PayloadKeeper implements StorageBackend {
    final Map<String, Payload> payloads = new ConcurrentHashMap<>();
    final Map<String, Map<String, String>> metadata = new ConcurrentHashMap<>();

    @Override
    public void put(String key, Payload content, Map<String, String> meta) {
      payloads.put(key, content);
      metadata.put(key, Map.copyOf(meta));
    }

    @Override
    public void putIfAbsent(String key, Payload content, Map<String, String> meta) {
      put(key, content, meta);
    }

    @Override
    public boolean supportsAtomicPutIfAbsent() {
      return false;
    }

    @Override
    public Optional<BlobInfo> head(String key) {
      Payload p = payloads.get(key);
      return p == null ? Optional.empty() : Optional.of(new BlobInfo(key, p.length(), metadata.get(key), null));
    }

    @Override
    public InputStream get(String key) throws ObjectNotFoundException {
      Payload p = payloads.get(key);
      if (p == null) {
        throw new ObjectNotFoundException(key);
      }
      try {
        return p.open();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    @Override
    public boolean delete(String key) {
      return payloads.remove(key) != null;
    }

    @Override
    public BlobPage list(BlobQuery query) {
      return new BlobPage(List.of(), List.of(), null);
    }

    @Override
    public void replaceMetadata(String key, Map<String, String> meta) {
      metadata.put(key, Map.copyOf(meta));
    }

    @Override
    public String describe() {
      return "payloads";
    }
  }

  /** The content repeats this, at a period that is no multiple of a segment. */
  private static final byte[] PATTERN = Fixtures.random((1 << 20) + 7, 11);

  /** Copies the content's bytes from {@code pos} into {@code b} (at most a pattern's length). */
  private static void content(long pos, byte[] b, int off, int n) {
    int at = (int) (pos % PATTERN.length);
    int first = Math.min(n, PATTERN.length - at);
    System.arraycopy(PATTERN, at, b, off, first);
    System.arraycopy(PATTERN, 0, b, off + first, n - first);
  }

  /** {@link #SIZE} bytes made on the fly. */
  private static Payload generated() {
    return new Payload() {
      @Override
      public long length() {
        return SIZE;
      }

      @Override
      public InputStream open() {
        return new InputStream() {
          private long pos;

          @Override
          public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
          }

          @Override
          public int read(byte[] b, int off, int len) {
            if (pos >= SIZE) {
              return -1;
            }
            int n = (int) Math.min(Math.min(len, 1 << 16), SIZE - pos);
            content(pos, b, off, n);
            pos += n;
            return n;
          }
        };
      }
    };
  }

  @Test
  void anObjectLargerThanTheHeapStreamsThroughBothWays() throws Exception {
    PayloadKeeper inner = new PayloadKeeper();
    EncryptingBackend b = EncryptingBackend.wrap(inner, Keys.fresh(Keys.SEG_1MB));
    b.put("huge.bin", generated(), Map.of());
    assertEquals(SIZE, b.head("huge.bin").orElseThrow().size());
    long pos = 0;
    try (InputStream in = b.get("huge.bin")) {
      byte[] buf = new byte[1 << 16];
      byte[] expected = new byte[1 << 16];
      for (int n; (n = in.read(buf)) >= 0; pos += n) {
        content(pos, expected, 0, n);
        if (!java.util.Arrays.equals(buf, 0, n, expected, 0, n)) {
          throw new AssertionError("bytes from " + pos + " differ");
        }
      }
    }
    assertEquals(SIZE, pos);
  }
}
