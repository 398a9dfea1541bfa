package io.deltaglider.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.DeltaStore;
import io.deltaglider.DeltaStoreException;
import io.deltaglider.ObjectSummary;
import io.deltaglider.PutOptions;
import io.deltaglider.spi.InMemoryBackend;
import io.deltaglider.vcdiff.testing.TestData;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link SharedUploads} over one store as several gateways would use it, their races played out in order. */
class MultipartSharedUploadsTest {
  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

  private final DeltaStore store = DeltaStore.builder().backend(new InMemoryBackend()).build();
  private final SharedUploads here = at(NOW);
  private final SharedUploads there = at(NOW);

  @AfterEach
  void close() {
    store.close();
  }

  private SharedUploads at(Instant now) {
    return new SharedUploads(store, Clock.fixed(now, ZoneOffset.UTC), SharedUploads.DEFAULT_EXPIRY);
  }

  private static ReceivedBody body(byte[] bytes) {
    return new ReceivedBody(bytes, null, bytes.length, Hashing.hex(Hashing.md5().digest(bytes)), Map.of());
  }

  @Test
  void partsStoredByOneGatewayAreListedAndReadByAnother() throws Exception {
    byte[] one = TestData.random(41, 70_000);
    byte[] two = TestData.random(42, 1_000);
    Uploads.Upload u = here.create("b", "k.bin", "AKID", PutOptions.contentType("text/plain"));
    here.putPart(u, 2, body(two));
    there.putPart(there.get(u.id(), "b", "k.bin"), 1, body(one));
    List<Uploads.Part> parts = there.parts(u);
    assertEquals(List.of(1, 2), parts.stream().map(Uploads.Part::number).toList());
    assertEquals(List.of(body(one).md5Hex(), body(two).md5Hex()), parts.stream().map(Uploads.Part::etag).toList());
    assertEquals("text/plain", there.get(u.id(), "b", "k.bin").options().contentType());
    try (InputStream in = here.content(u, parts)) {
      byte[] all = in.readAllBytes();
      assertEquals(one.length + two.length, all.length);
      assertArrayEquals(two, java.util.Arrays.copyOfRange(all, one.length, all.length));
    }
    here.remove(u);
    assertEquals(List.of(), store.listAll(SharedUploads.ROOT));
  }

  @Test
  void anAbortElsewhereDuringCompletionStoresNothing() throws Exception {
    Uploads.Upload u = here.create("b", "k.bin", "AKID", PutOptions.none());
    here.putPart(u, 1, body(TestData.random(43, 200_000)));
    InputStream content = here.content(u, here.parts(u));
    content.readNBytes(1000);
    there.remove(u); // AbortMultipartUpload on the other gateway, while this one reads the parts
    DeltaStoreException e = assertThrows(DeltaStoreException.class, () -> store.put("b/k.bin", content));
    assertEquals(S3ErrorCode.NO_SUCH_UPLOAD, Uploads.Changed.answerFor(StoreAccess.map(e, "b/k.bin")).code);
    assertFalse(store.exists("b/k.bin"));
  }

  @Test
  void aPartReplacedAfterItWasListedFailsTheCompletion() throws Exception {
    Uploads.Upload u = here.create("b", "k.bin", "AKID", PutOptions.none());
    here.putPart(u, 1, body("first".getBytes()));
    List<Uploads.Part> listed = here.parts(u);
    there.putPart(u, 1, body("later".getBytes()));
    DeltaStoreException e = assertThrows(DeltaStoreException.class,
        () -> store.put("b/k.bin", here.content(u, listed)));
    assertEquals(S3ErrorCode.INVALID_PART, Uploads.Changed.answerFor(StoreAccess.map(e, "b/k.bin")).code);
    assertFalse(store.exists("b/k.bin"));
    assertEquals(List.of(body("later".getBytes()).md5Hex()), here.parts(u).stream().map(Uploads.Part::etag).toList());
  }

  @Test
  void aPartArrivingAsItsUploadIsRemovedIsNotKept() throws Exception {
    Uploads.Upload u = here.create("b", "k.bin", "AKID", PutOptions.none());
    there.remove(u);
    S3Exception e = assertThrows(S3Exception.class, () -> here.putPart(u, 1, body("x".getBytes())));
    assertEquals(S3ErrorCode.NO_SUCH_UPLOAD, e.code);
    assertEquals(List.of(), store.listAll(SharedUploads.ROOT));
  }

  @Test
  void uploadsOlderThanSevenDaysAndLeftoversAreRemovedWhenAllAreListed() throws Exception {
    Uploads.Upload old = at(NOW.minus(Duration.ofDays(8))).create("b", "old.bin", "AKID", PutOptions.none());
    here.putPart(old, 1, body("old".getBytes()));
    Uploads.Upload recent = at(NOW.minus(Duration.ofDays(6))).create("b", "new.bin", "AKID", PutOptions.none());
    here.putPart(recent, 1, body("new".getBytes()));
    String orphan = Uploads.newId(); // a removal cut short after its state went: a part is left
    store.put(SharedUploads.prefix(orphan) + Uploads.partName(3), "left".getBytes());
    store.put(SharedUploads.ROOT + "not-an-upload/x", "kept".getBytes());

    assertEquals(List.of(recent.id()), here.all().stream().map(Uploads.Upload::id).toList());
    List<String> left = store.listAll(SharedUploads.ROOT).stream().map(ObjectSummary::key).sorted().toList();
    assertEquals(List.of(SharedUploads.prefix(recent.id()) + "part-00001",
        SharedUploads.prefix(recent.id()) + "upload.properties", SharedUploads.ROOT + "not-an-upload/x"), left);
    assertThrows(S3Exception.class, () -> here.get(old.id(), "b", "old.bin"));
  }

  @Test
  void hostileUploadIdsAreNoSuchUpload() throws Exception {
    Uploads.Upload u = here.create("b", "k.bin", "AKID", PutOptions.none());
    store.put("b/secret/upload.properties", "bucket=b\nkey=k.bin\ninitiator=x\ninitiated=2025-01-01T00:00:00Z\n"
        .getBytes());
    for (String id : List.of("", "../b/secret", "../../b/secret", u.id().toUpperCase(java.util.Locale.ROOT),
        u.id() + "/", u.id() + "/../" + u.id(), u.id().substring(1), u.id() + "0", "%2e%2e%2fb%2fsecret",
        u.id().substring(0, 31) + "\u0000", ".", "..")) {
      S3Exception e = assertThrows(S3Exception.class, () -> here.get(id, "b", "k.bin"), id);
      assertEquals(S3ErrorCode.NO_SUCH_UPLOAD, e.code, id);
    }
    assertThrows(S3Exception.class, () -> here.get(null, "b", "k.bin"));
    assertTrue(Uploads.validId(here.get(u.id(), "b", "k.bin").id()));
  }
}
