package io.deltaglider.encryption;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.crypto.tink.KeysetHandle;
import io.deltaglider.DeltaStoreException;
import io.deltaglider.spi.BlobInfo;
import io.deltaglider.spi.BlobPage;
import io.deltaglider.spi.BlobQuery;
import io.deltaglider.spi.ForwardingBackend;
import io.deltaglider.spi.InMemoryBackend;
import io.deltaglider.spi.Payload;
import io.deltaglider.spi.StorageBackend;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What heads and listings report, and how metadata values travel. */
class MetadataAndListingTest {
  /** A backend whose listings carry no metadata, as S3's do; counts heads. */
  static final class MetadataFreeListings extends ForwardingBackend {
    final AtomicInteger heads = new AtomicInteger();

    MetadataFreeListings(StorageBackend inner) {
      super(inner);
    }

    @Override
    public java.util.Optional<BlobInfo> head(String key) throws DeltaStoreException {
      heads.incrementAndGet();
      return super.head(key);
    }

    @Override
    public BlobPage list(BlobQuery query) throws DeltaStoreException {
      BlobPage p = super.list(query);
      List<BlobInfo> bare = new ArrayList<>();
      for (BlobInfo o : p.objects()) {
        bare.add(BlobInfo.listed(o.key(), o.size(), o.lastModified(), "etag"));
      }
      return new BlobPage(bare, p.commonPrefixes(), p.nextContinuationToken());
    }
  }

  private static final int[] SIZES = {0, 1, 4039, 4040, 4041, 8120, 100_000};

  @Test
  void listingsWithoutMetadataReportPlaintextSizesWithoutAHeadEach() throws Exception {
    MetadataFreeListings inner = new MetadataFreeListings(new InMemoryBackend());
    EncryptingBackend b = EncryptingBackend.wrap(inner, Keys.fresh(Keys.SEG_4KB));
    for (int size : SIZES) {
      b.put("l/" + size, Payload.of(new byte[size]), Map.of());
    }
    inner.heads.set(0);
    for (BlobInfo o : b.list(BlobQuery.under("l/")).objects()) {
      assertEquals(Long.parseLong(o.key().substring(2)), o.size(), o.key());
      assertFalse(o.metadataIncluded());
      assertNull(o.etag(), "the inner ETag is the ciphertext's");
    }
    assertEquals(0, inner.heads.get(), "derived from the stored sizes");
  }

  @Test
  void keysOfDifferentLayoutsFallBackToHeads() throws Exception {
    MetadataFreeListings inner = new MetadataFreeListings(new InMemoryBackend());
    KeysetHandle mixed = Keys.builder(Keys.fresh(Keys.SEG_4KB))
        .addEntry(KeysetHandle.generateEntryFromParameters(Keys.SEG_1MB).withRandomId().makePrimary()).build();
    EncryptingBackend b = EncryptingBackend.wrap(inner, mixed);
    for (int size : SIZES) {
      b.put("l/" + size, Payload.of(new byte[size]), Map.of());
    }
    inner.heads.set(0);
    for (BlobInfo o : b.list(BlobQuery.under("l/")).objects()) {
      assertEquals(Long.parseLong(o.key().substring(2)), o.size(), o.key());
    }
    assertEquals(SIZES.length, inner.heads.get());
  }

  @Test
  void listingsWithMetadataReportPlaintextSizesAndTheCallersMetadata() throws Exception {
    InMemoryBackend inner = new InMemoryBackend();
    EncryptingBackend b = EncryptingBackend.wrap(inner, Keys.fresh(Keys.SEG_4KB));
    b.put("l/x", Payload.of(new byte[5000]), Map.of("dg-note", "passthrough"));
    BlobInfo listed = b.list(BlobQuery.under("l/")).objects().get(0);
    assertEquals(5000, listed.size());
    assertEquals(Map.of("dg-note", "passthrough"), listed.metadata());
    assertTrue(inner.head("l/x").orElseThrow().size() > 5000);
  }

  @Test
  void valuesOutsidePrintableAsciiAreStoredEncodedAndReadBackAsTheyWere() throws Exception {
    InMemoryBackend inner = new InMemoryBackend();
    EncryptingBackend b = EncryptingBackend.wrap(inner, Keys.fresh(Keys.SEG_4KB));
    Map<String, String> meta = Map.of("dg-original-name", "caf\u00e9 \u2603.zip", "dg-note", "=?looks encoded?=",
        "dg-tool", "plain ascii");
    b.put("u/caf\u00e9 \u2603.zip", Payload.of(new byte[] {7}), meta);
    Map<String, String> stored = inner.head("u/caf\u00e9 \u2603.zip").orElseThrow().metadata();
    assertEquals("=?UTF-8?B?Y2Fmw6kg4piDLnppcA==?=", stored.get("dg-original-name"));
    assertTrue(stored.get("dg-note").startsWith("=?UTF-8?B?"));
    assertEquals("plain ascii", stored.get("dg-tool"));
    assertEquals(meta, b.head("u/caf\u00e9 \u2603.zip").orElseThrow().metadata());
    try (InputStream in = b.get("u/caf\u00e9 \u2603.zip")) {
      assertArrayEquals(new byte[] {7}, in.readAllBytes());
    }
  }
}
