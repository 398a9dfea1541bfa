package io.deltaglider.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.StoredForm;
import io.deltaglider.vcdiff.testing.TestData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Multipart uploads through the AWS SDK: parts spooled, the object stored whole through the store. */
class MultipartUploadTest extends OneGatewayTest {
  private static final int PART = 5 << 20;

  @BeforeAll
  static void buckets() {
    s3.createBucket(b -> b.bucket("mpu"));
  }

  private static List<CompletedPart> upload(String key, String id, byte[] content) {
    List<CompletedPart> parts = new ArrayList<>();
    for (int n = 1, off = 0; off < content.length; n++, off += PART) {
      byte[] chunk = Arrays.copyOfRange(content, off, Math.min(content.length, off + PART));
      int number = n;
      String etag = s3.uploadPart(b -> b.bucket("mpu").key(key).uploadId(id).partNumber(number),
          RequestBody.fromBytes(chunk)).eTag();
      parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
    }
    return parts;
  }

  @Test
  void aReleasePairUploadedInPartsRoundTripsAsADelta() throws Exception {
    byte[] v1 = TestData.random(11, 2 * PART + 12345);
    byte[] v2 = TestData.edited(v1, 12, 30, 500, false);
    for (var e : Map.of("big/app-1.0.tar", v1, "big/app-1.1.tar", v2).entrySet()) {
      String id = s3.createMultipartUpload(b -> b.bucket("mpu").key(e.getKey()).contentType("application/x-tar")
          .metadata(Map.of("rel", "yes"))).uploadId();
      List<CompletedPart> parts = upload(e.getKey(), id, e.getValue());
      assertEquals(3, s3.listParts(b -> b.bucket("mpu").key(e.getKey()).uploadId(id)).parts().size());
      var done = s3.completeMultipartUpload(b -> b.bucket("mpu").key(e.getKey()).uploadId(id)
          .multipartUpload(m -> m.parts(parts)));
      assertEquals("\"" + S3ClientRoundTripTest.md5(e.getValue()) + "\"", done.eTag());
    }
    assertArrayEquals(v1, s3.getObjectAsBytes(b -> b.bucket("mpu").key("big/app-1.0.tar")).asByteArray());
    var got = s3.getObjectAsBytes(b -> b.bucket("mpu").key("big/app-1.1.tar"));
    assertArrayEquals(v2, got.asByteArray());
    assertEquals("application/x-tar", got.response().contentType());
    assertEquals(Map.of("rel", "yes"), got.response().metadata());
    assertEquals(StoredForm.DELTA, fx.store.head("mpu/big/app-1.1.tar").form());
    byte[] range = s3.getObjectAsBytes(b -> b.bucket("mpu").key("big/app-1.1.tar").range("bytes=5242000-5243000"))
        .asByteArray();
    assertArrayEquals(Arrays.copyOfRange(v2, 5242000, 5243001), range);
    assertTrue(s3.listMultipartUploads(b -> b.bucket("mpu")).uploads().isEmpty());
  }

  @Test
  void wrongPartsAreRefusedAndTheUploadStaysUsable() {
    byte[] content = TestData.random(13, PART + 100);
    String id = s3.createMultipartUpload(b -> b.bucket("mpu").key("checks/obj.bin")).uploadId();
    List<CompletedPart> parts = upload("checks/obj.bin", id, content);
    S3Exception badEtag = assertThrows(S3Exception.class, () -> s3.completeMultipartUpload(b -> b.bucket("mpu")
        .key("checks/obj.bin").uploadId(id).multipartUpload(m -> m.parts(
            parts.get(0), CompletedPart.builder().partNumber(2).eTag("\"00000000000000000000000000000000\"").build()))));
    assertEquals("InvalidPart", badEtag.awsErrorDetails().errorCode());
    S3Exception order = assertThrows(S3Exception.class, () -> s3.completeMultipartUpload(b -> b.bucket("mpu")
        .key("checks/obj.bin").uploadId(id).multipartUpload(m -> m.parts(parts.get(1), parts.get(0)))));
    assertEquals("InvalidPartOrder", order.awsErrorDetails().errorCode());
    assertThrows(NoSuchKeyException.class, () -> s3.headObject(b -> b.bucket("mpu").key("checks/obj.bin")));
    assertEquals(List.of(id), s3.listMultipartUploads(b -> b.bucket("mpu").prefix("checks/")).uploads().stream()
        .map(u -> u.uploadId()).toList());
    s3.completeMultipartUpload(b -> b.bucket("mpu").key("checks/obj.bin").uploadId(id).multipartUpload(m -> m.parts(parts)));
    assertArrayEquals(content, s3.getObjectAsBytes(b -> b.bucket("mpu").key("checks/obj.bin")).asByteArray());
  }

  @Test
  void aSmallPartBeforeTheLastIsTooSmall() {
    String id = s3.createMultipartUpload(b -> b.bucket("mpu").key("small/obj.bin")).uploadId();
    String e1 = s3.uploadPart(b -> b.bucket("mpu").key("small/obj.bin").uploadId(id).partNumber(1),
        RequestBody.fromString("tiny")).eTag();
    String e2 = s3.uploadPart(b -> b.bucket("mpu").key("small/obj.bin").uploadId(id).partNumber(2),
        RequestBody.fromString("tail")).eTag();
    S3Exception e = assertThrows(S3Exception.class, () -> s3.completeMultipartUpload(b -> b.bucket("mpu")
        .key("small/obj.bin").uploadId(id).multipartUpload(m -> m.parts(
            CompletedPart.builder().partNumber(1).eTag(e1).build(), CompletedPart.builder().partNumber(2).eTag(e2).build()))));
    assertEquals("EntityTooSmall", e.awsErrorDetails().errorCode());
  }

  @Test
  void uploadPartCopyBuildsAnObjectFromRangesOfAStoredOneAndUploadedParts() throws Exception {
    byte[] source = TestData.random(14, 2 * PART + 777);
    s3.putObject(b -> b.bucket("mpu").key("copy/source.bin"), RequestBody.fromBytes(source));
    byte[] tail = TestData.random(15, 1000);
    String id = s3.createMultipartUpload(b -> b.bucket("mpu").key("copy/target.bin")).uploadId();
    var p1 = s3.uploadPartCopy(b -> b.sourceBucket("mpu").sourceKey("copy/source.bin").destinationBucket("mpu")
        .destinationKey("copy/target.bin").uploadId(id).partNumber(1).copySourceRange("bytes=0-" + (PART - 1)));
    var p2 = s3.uploadPartCopy(b -> b.sourceBucket("mpu").sourceKey("copy/source.bin").destinationBucket("mpu")
        .destinationKey("copy/target.bin").uploadId(id).partNumber(2)
        .copySourceRange("bytes=" + PART + "-" + (source.length - 1)));
    String e3 = s3.uploadPart(b -> b.bucket("mpu").key("copy/target.bin").uploadId(id).partNumber(3),
        RequestBody.fromBytes(tail)).eTag();
    assertEquals("\"" + S3ClientRoundTripTest.md5(Arrays.copyOfRange(source, 0, PART)) + "\"",
        p1.copyPartResult().eTag());
    assertEquals(List.of((long) PART, (long) source.length - PART, 1000L), s3.listParts(b -> b.bucket("mpu")
        .key("copy/target.bin").uploadId(id)).parts().stream().map(p -> p.size()).toList());

    S3Exception beyond = assertThrows(S3Exception.class, () -> s3.uploadPartCopy(b -> b.sourceBucket("mpu")
        .sourceKey("copy/source.bin").destinationBucket("mpu").destinationKey("copy/target.bin").uploadId(id)
        .partNumber(4).copySourceRange("bytes=0-" + source.length)));
    assertEquals("InvalidArgument", beyond.awsErrorDetails().errorCode());
    S3Exception missing = assertThrows(S3Exception.class, () -> s3.uploadPartCopy(b -> b.sourceBucket("mpu")
        .sourceKey("copy/none.bin").destinationBucket("mpu").destinationKey("copy/target.bin").uploadId(id)
        .partNumber(4)));
    assertEquals("NoSuchKey", missing.awsErrorDetails().errorCode());
    S3Exception condition = assertThrows(S3Exception.class, () -> s3.uploadPartCopy(b -> b.sourceBucket("mpu")
        .sourceKey("copy/source.bin").destinationBucket("mpu").destinationKey("copy/target.bin").uploadId(id)
        .partNumber(4).copySourceIfMatch("\"00000000000000000000000000000000\"")));
    assertEquals(412, condition.statusCode());
    try (S3Client limited = fx.client(GatewayFixture.LIMITED_KEY, GatewayFixture.LIMITED_SECRET)) {
      limited.createBucket(b -> b.bucket("allowed"));
      String other = limited.createMultipartUpload(b -> b.bucket("allowed").key("stolen.bin")).uploadId();
      S3Exception denied = assertThrows(S3Exception.class, () -> limited.uploadPartCopy(b -> b.sourceBucket("mpu")
          .sourceKey("copy/source.bin").destinationBucket("allowed").destinationKey("stolen.bin").uploadId(other)
          .partNumber(1)));
      assertEquals("AccessDenied", denied.awsErrorDetails().errorCode());
    }

    s3.completeMultipartUpload(b -> b.bucket("mpu").key("copy/target.bin").uploadId(id).multipartUpload(m -> m.parts(
        CompletedPart.builder().partNumber(1).eTag(p1.copyPartResult().eTag()).build(),
        CompletedPart.builder().partNumber(2).eTag(p2.copyPartResult().eTag()).build(),
        CompletedPart.builder().partNumber(3).eTag(e3).build())));
    byte[] expected = new byte[source.length + tail.length];
    System.arraycopy(source, 0, expected, 0, source.length);
    System.arraycopy(tail, 0, expected, source.length, tail.length);
    assertArrayEquals(expected, s3.getObjectAsBytes(b -> b.bucket("mpu").key("copy/target.bin")).asByteArray());
  }

  @Test
  void abortRemovesTheUploadAndItsParts() {
    String id = s3.createMultipartUpload(b -> b.bucket("mpu").key("abort/obj.bin")).uploadId();
    s3.uploadPart(b -> b.bucket("mpu").key("abort/obj.bin").uploadId(id).partNumber(1), RequestBody.fromString("x"));
    s3.abortMultipartUpload(b -> b.bucket("mpu").key("abort/obj.bin").uploadId(id));
    assertThrows(NoSuchUploadException.class, () -> s3.listParts(b -> b.bucket("mpu").key("abort/obj.bin").uploadId(id)));
    assertThrows(NoSuchUploadException.class, () -> s3.uploadPart(b -> b.bucket("mpu").key("abort/obj.bin")
        .uploadId(id).partNumber(2), RequestBody.fromString("y")));
    assertThrows(NoSuchUploadException.class, () -> s3.listParts(b -> b.bucket("mpu").key("abort/obj.bin")
        .uploadId("../../etc")));
    assertThrows(NoSuchKeyException.class, () -> s3.headObject(b -> b.bucket("mpu").key("abort/obj.bin")));
  }
}
