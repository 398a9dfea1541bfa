package io.deltaglider.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.spi.InMemoryBackend;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A gateway with shared uploads on both kinds of buckets (a local directory's and a key prefix's):
 * the store's {@code .deltaglider-uploads/} is no bucket, so clients neither see nor reach it, and
 * hostile upload ids find nothing.
 */
class MultipartSharedUploadsGatewayTest {
  @TempDir
  Path dir;

  @Test
  void theUploadsPrefixIsInvisibleAndUnreachableOnADirectoryStore() throws Exception {
    try (GatewayFixture fx = new GatewayFixture(dir, g -> g.sharedUploads(true))) {
      check(fx);
    }
  }

  @Test
  void theUploadsPrefixIsInvisibleAndUnreachableOnAPrefixStore() throws Exception {
    try (GatewayFixture fx = GatewayFixture.over(dir, new InMemoryBackend(), g -> g.sharedUploads(true))) {
      check(fx);
    }
  }

  private static void check(GatewayFixture fx) throws Exception {
    try (S3Client s3 = fx.client()) {
      if (fx.root != null) {
        s3.createBucket(b -> b.bucket("mpu"));
      }
      s3.putObject(b -> b.bucket("mpu").key("plain.txt"), RequestBody.fromString("plain"));
      String id = s3.createMultipartUpload(b -> b.bucket("mpu").key("up.bin")).uploadId();
      s3.uploadPart(b -> b.bucket("mpu").key("up.bin").uploadId(id).partNumber(1), RequestBody.fromString("part"));
      String state = SharedUploads.prefix(id) + "upload.properties";
      byte[] before = fx.store.get(state);

      assertEquals(List.of("mpu"), s3.listBuckets().buckets().stream().map(Bucket::name).toList());
      assertEquals(List.of("plain.txt"), s3.listObjectsV2(b -> b.bucket("mpu")).contents().stream()
          .map(S3Object::key).toList());
      String part = "/" + SharedUploads.prefix(id) + "part-00001";
      for (String path : List.of("/" + state, part, "/%2Edeltaglider-uploads/" + id + "/upload.properties",
          "/.deltaglider-uploads", "/.deltaglider-uploads?list-type=2", "/mpu/../" + state,
          "/mpu/%2E%2E/" + state)) {
        for (SdkHttpMethod m : List.of(SdkHttpMethod.GET, SdkHttpMethod.HEAD, SdkHttpMethod.PUT,
            SdkHttpMethod.DELETE)) {
          byte[] body = m == SdkHttpMethod.PUT ? "bucket=mpu\nkey=x\n".getBytes() : null;
          HttpResponse<String> r = send(fx, m, path, Map.of(), body);
          // DeleteObject of a key the store cannot hold answers 204 as S3 does for a missing key:
          // the state is checked below.
          boolean refused = r.statusCode() >= 300 || (m == SdkHttpMethod.DELETE && path.startsWith("/mpu/"));
          assertTrue(refused, m + " " + path + ": " + r.statusCode() + " " + r.body());
        }
      }
      HttpResponse<String> copy = send(fx, SdkHttpMethod.PUT, "/mpu/stolen.bin",
          Map.of("x-amz-copy-source", part.substring(1)), null);
      assertEquals("NoSuchBucket", RawRequests.code(copy), copy.body());
      HttpResponse<String> copyPart = send(fx, SdkHttpMethod.PUT, "/mpu/up.bin?partNumber=2&uploadId=" + id,
          Map.of("x-amz-copy-source", part.substring(1)), null);
      assertEquals("NoSuchBucket", RawRequests.code(copyPart), copyPart.body());

      assertEquals(new String(before), new String(fx.store.get(state)), "the upload's state is untouched");
      assertEquals(List.of(1), s3.listParts(b -> b.bucket("mpu").key("up.bin").uploadId(id)).parts().stream()
          .map(p -> p.partNumber()).toList());

      for (String hostile : List.of("../../etc", "..", id.toUpperCase(java.util.Locale.ROOT), id + "/../" + id,
          id.substring(1) + "/", "%2e%2e", "../" + id)) {
        assertThrows(NoSuchUploadException.class, () -> s3.listParts(b -> b.bucket("mpu").key("up.bin")
            .uploadId(hostile)), hostile);
        assertThrows(NoSuchUploadException.class, () -> s3.uploadPart(b -> b.bucket("mpu").key("up.bin")
            .uploadId(hostile).partNumber(1), RequestBody.fromString("x")), hostile);
        assertThrows(NoSuchUploadException.class, () -> s3.abortMultipartUpload(b -> b.bucket("mpu").key("up.bin")
            .uploadId(hostile)), hostile);
      }
      s3.abortMultipartUpload(b -> b.bucket("mpu").key("up.bin").uploadId(id));
      assertEquals(List.of(), fx.store.listAll(SharedUploads.ROOT));
    }
  }

  private static HttpResponse<String> send(GatewayFixture fx, SdkHttpMethod m, String path, Map<String, String> headers,
      byte[] body) throws Exception {
    SdkHttpRequest r = RawRequests.sign(fx.endpoint, m, path, headers, body, true, GatewayFixture.ACCESS_KEY,
        GatewayFixture.SECRET_KEY, Clock.systemUTC());
    return RawRequests.send(r, body);
  }
}
