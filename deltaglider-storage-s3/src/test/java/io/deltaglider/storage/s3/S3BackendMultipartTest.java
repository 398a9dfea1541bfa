package io.deltaglider.storage.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.BackendException;
import io.deltaglider.spi.BlobQuery;
import io.deltaglider.ObjectExistsException;
import io.deltaglider.spi.Payload;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/** Multipart uploads (5 MiB threshold and parts, 12 MiB objects) and their failure modes. */
class S3BackendMultipartTest {
  private static final int PART = 5 << 20;
  private static final int SIZE = 12 << 20;
  private static S3Fixture server;
  private static byte[] content;
  @TempDir Path tmp;

  @BeforeAll
  static void startServer() throws Exception {
    server = new S3Fixture();
    content = new byte[SIZE];
    new Random(12).nextBytes(content);
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  private static S3Backend.Builder multipart(S3Backend.Builder b) {
    return b.multipartThreshold(PART).partSize(PART);
  }

  private static byte[] read(S3Backend b, String key) throws Exception {
    try (InputStream in = b.get(key)) {
      return in.readAllBytes();
    }
  }

  /** A stream payload (no file behind it) that counts how often it is opened. */
  private static final class CountingPayload implements Payload {
    final AtomicInteger opens = new AtomicInteger();

    @Override
    public long length() {
      return content.length;
    }

    @Override
    public InputStream open() {
      opens.incrementAndGet();
      return new ByteArrayInputStream(content);
    }
  }

  @Test
  void largeObjectsGoUpInPartsFromFilesAndStreams() throws Exception {
    String bucket = server.newBucket();
    Path file = Files.write(tmp.resolve("big.bin"), content);
    try (S3Backend b = multipart(server.backend()).bucket(bucket).prefix("mp").build()) {
      Map<String, String> meta = Map.of("dg-note", "reference", "dg-file-size", String.valueOf(SIZE));
      b.put("a/from-file.zip", Payload.of(file), meta);
      CountingPayload stream = new CountingPayload();
      b.put("a/from-stream.zip", stream, meta);
      assertEquals(1, stream.opens.get(), "a stream payload is read once, part by part");
      for (String key : new String[] {"a/from-file.zip", "a/from-stream.zip"}) {
        assertArrayEquals(content, read(b, key));
        assertEquals(meta, b.head(key).orElseThrow().metadata());
        HeadObjectResponse raw = server.raw().headObject(r -> r.bucket(bucket).key("mp/" + key));
        assertTrue(raw.eTag().replace("\"", "").endsWith("-3"), "three parts: " + raw.eTag());
      }
      // putIfAbsent takes the same path, with the condition on CompleteMultipartUpload.
      b.putIfAbsent("a/ref.bin", Payload.of(file), meta);
      assertThrows(ObjectExistsException.class, () -> b.putIfAbsent("a/ref.bin", new CountingPayload(), Map.of()));
      assertArrayEquals(content, read(b, "a/ref.bin"));
      assertTrue(server.raw().listMultipartUploads(r -> r.bucket(bucket)).uploads().isEmpty());
    }
  }

  @Test
  void aFailingSourceAbortsTheUploadAndLeavesNothing() throws Exception {
    String bucket = server.newBucket();
    Payload failing = new Payload() {
      @Override
      public long length() {
        return SIZE;
      }

      @Override
      public InputStream open() {
        return new FailAfter(new ByteArrayInputStream(content), PART + 1000, null);
      }
    };
    try (S3Backend b = multipart(server.backend()).bucket(bucket).build()) {
      BackendException e = assertThrows(BackendException.class, () -> b.put("f/x.zip", failing, Map.of()));
      assertTrue(e.getMessage().contains("cannot read the content"), e.getMessage());
      assertTrue(b.head("f/x.zip").isEmpty());
      assertTrue(server.raw().listMultipartUploads(r -> r.bucket(bucket)).uploads().isEmpty(), "upload aborted");
      // A payload shorter than it claims is refused the same way.
      Payload shortOne = new Payload() {
        @Override
        public long length() {
          return SIZE;
        }

        @Override
        public InputStream open() {
          return new ByteArrayInputStream(content, 0, SIZE - 10);
        }
      };
      assertThrows(BackendException.class, () -> b.put("f/y.zip", shortOne, Map.of()));
      // A file whose reads fail while the SDK streams a part from it.
      Path file = Files.write(tmp.resolve("big.bin"), content);
      Payload failingFile = new Payload() {
        @Override
        public long length() {
          return SIZE;
        }

        @Override
        public InputStream open() throws IOException {
          return new FailAfter(Files.newInputStream(file), PART + 1000, null);
        }

        @Override
        public Path file() {
          return file;
        }
      };
      BackendException f = assertThrows(BackendException.class, () -> b.put("f/z.zip", failingFile, Map.of()));
      assertTrue(f.getMessage().contains("cannot read the content"), f.getMessage());
      assertTrue(b.list(BlobQuery.under("f/")).objects().isEmpty());
      assertTrue(server.raw().listMultipartUploads(r -> r.bucket(bucket)).uploads().isEmpty(), "upload aborted");
    }
  }

  @Test
  void serverGoneMidUploadGivesACleanErrorAndNoVisibleObject() throws Exception {
    String bucket = server.newBucket();
    Path file = Files.write(tmp.resolve("big.bin"), content);
    // The backend talks to the server through a relay that dies like a killed server process.
    try (FaultProxy relay = new FaultProxy(server.port());
        S3Backend b = multipart(S3Fixture.backend(relay.endpoint())).bucket(bucket).maxAttempts(2)
            .connectTimeout(Duration.ofSeconds(2)).socketTimeout(Duration.ofSeconds(5)).build()) {
      Payload killsTheServer = new Payload() {
        @Override
        public long length() {
          return SIZE;
        }

        @Override
        public InputStream open() throws IOException {
          // Part 2 is on the wire when the server goes away (parts of a file are streamed from it).
          return new FailAfter(Files.newInputStream(file), PART + (1 << 20), relay::kill);
        }

        @Override
        public Path file() {
          return file;
        }
      };
      BackendException e = assertTimeoutPreemptively(Duration.ofSeconds(60),
          () -> assertThrows(BackendException.class, () -> b.put("s/x.zip", killsTheServer, Map.of())));
      assertTrue(e.getMessage().contains("cannot reach S3"), e.getMessage());
    }
    // Looking at the server directly: the object never became visible (the abort could not reach
    // the dead server, so the started upload is left for the bucket's lifecycle rule).
    try (S3Backend b = server.backend().bucket(bucket).build()) {
      assertTrue(b.head("s/x.zip").isEmpty());
      assertTrue(b.list(BlobQuery.under("")).objects().isEmpty());
    }
  }

  /** Passes {@code limit} bytes through, then runs {@code action} (if any) or fails. */
  private static final class FailAfter extends FilterInputStream {
    private final Runnable action;
    private long left;

    FailAfter(InputStream in, long limit, Runnable action) {
      super(in);
      this.left = limit;
      this.action = action;
    }

    private void trip() throws IOException {
      if (left <= 0) {
        if (action != null) {
          action.run();
          left = Long.MAX_VALUE;
          return;
        }
        throw new IOException("disk went away");
      }
    }

    @Override
    public int read() throws IOException {
      trip();
      int b = super.read();
      left--;
      return b;
    }

    @Override
    public long skip(long n) throws IOException {
      long s = super.skip(n);
      left -= s;
      return s;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      trip();
      int n = super.read(b, off, (int) Math.min(len, Math.max(1, left)));
      if (n > 0) {
        left -= n;
      }
      return n;
    }
  }
}
