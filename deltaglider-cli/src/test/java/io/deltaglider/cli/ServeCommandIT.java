package io.deltaglider.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * {@code deltaglider serve} as a process: an S3 client stores through it, SIGTERM stops it, and a
 * SIGKILL in the middle of an upload leaves nothing partial to see after a restart.
 */
class ServeCommandIT {
  @TempDir Path dir;

  private static List<String> java(String... args) {
    String prop = System.getProperty("deltaglider.cli.jar");
    Path jar = Path.of(prop != null ? prop : "target/deltaglider-cli.jar").toAbsolutePath();
    List<String> cmd = new java.util.ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
    cmd.addAll(List.of(args));
    return cmd;
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void servesALocalStoreToAnS3ClientUntilSigterm() throws Exception {
    Path store = dir.resolve("store");
    Files.createDirectories(store.resolve("releases"));
    int port = freePort();
    ProcessBuilder pb = new ProcessBuilder(java("serve", "--store", store.toString(), "--listen", "127.0.0.1:" + port))
        .redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().putAll(Map.of("AWS_ACCESS_KEY_ID", "AKIDSERVE", "AWS_SECRET_ACCESS_KEY", "serve-secret"));
    Process p = pb.start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      assertTrue(line != null && line.startsWith("serving " + store) && line.contains("127.0.0.1:" + port), line);
      byte[] v1 = io.deltaglider.vcdiff.testing.TestData.random(31, 1 << 20);
      byte[] v2 = io.deltaglider.vcdiff.testing.TestData.edited(v1, 32, 20, 100, false);
      try (S3Client s3 = S3Client.builder().endpointOverride(URI.create("http://127.0.0.1:" + port))
          .region(Region.US_EAST_1).forcePathStyle(true)
          .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDSERVE", "serve-secret")))
          .build()) {
        s3.putObject(b -> b.bucket("releases").key("app/app-1.0.zip"), RequestBody.fromBytes(v1));
        s3.putObject(b -> b.bucket("releases").key("app/app-1.1.zip"), RequestBody.fromBytes(v2));
        assertArrayEquals(v2, s3.getObjectAsBytes(b -> b.bucket("releases").key("app/app-1.1.zip")).asByteArray());
      }
      assertTrue(Files.exists(store.resolve("releases/app/app-1.1.zip.delta")));
    } finally {
      p.destroy();
      assertTrue(p.waitFor(30, TimeUnit.SECONDS), "serve did not stop on SIGTERM");
    }
    assertEquals(143, p.exitValue());
  }

  /** Starts {@code serve} and waits for its "serving" line. */
  private static Process serve(Path store, Path work, int port, String... more) throws Exception {
    List<String> args = new java.util.ArrayList<>(List.of("serve", "--store", store.toString(), "--listen",
        "127.0.0.1:" + port, "--work-dir", work.toString(), "--max-requests", "32"));
    args.addAll(List.of(more));
    ProcessBuilder pb = new ProcessBuilder(java(args.toArray(String[]::new)))
        .redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().putAll(Map.of("AWS_ACCESS_KEY_ID", "AKIDSERVE", "AWS_SECRET_ACCESS_KEY", "serve-secret"));
    Process p = pb.start();
    String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
    assertTrue(line != null && line.startsWith("serving " + store), line);
    return p;
  }

  private static S3Client client(int port) {
    return S3Client.builder().endpointOverride(URI.create("http://127.0.0.1:" + port))
        .region(Region.US_EAST_1).forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDSERVE", "serve-secret")))
        .build();
  }

  @Test
  void aServerKilledMidUploadShowsNothingPartialAfterRestartAndKeepsUnfinishedMultipartUploads() throws Exception {
    Path store = dir.resolve("store");
    Path work = dir.resolve("work");
    Files.createDirectories(store.resolve("releases"));
    byte[] v1 = io.deltaglider.vcdiff.testing.TestData.random(33, 6 << 20);
    byte[] v2 = io.deltaglider.vcdiff.testing.TestData.edited(v1, 34, 20, 100, false);
    int port = freePort();
    Process p = serve(store, work, port);
    String uploadId;
    try {
      HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + port + "/.deltaglider/health")).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, health.statusCode());
      try (S3Client s3 = client(port)) {
        s3.putObject(b -> b.bucket("releases").key("app/app-1.0.zip"), RequestBody.fromBytes(v1));
        uploadId = s3.createMultipartUpload(b -> b.bucket("releases").key("app/app-1.1.zip")).uploadId();
        s3.uploadPart(b -> b.bucket("releases").key("app/app-1.1.zip").uploadId(uploadId).partNumber(1),
            RequestBody.fromBytes(Arrays.copyOfRange(v2, 0, 5 << 20)));
      }
      // A PUT of 4 MiB that has sent half its body when the server is killed.
      SdkHttpFullRequest unsigned = SdkHttpFullRequest.builder().method(SdkHttpMethod.PUT)
          .uri(URI.create("http://127.0.0.1:" + port + "/releases/app/partial.zip"))
          .putHeader("Host", "127.0.0.1:" + port).putHeader("Content-Length", Integer.toString(4 << 20)).build();
      SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r
          .identity(AwsCredentialsIdentity.create("AKIDSERVE", "serve-secret")).request(unsigned)
          .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3").putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
          .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false).putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
          .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false)).request();
      try (Socket socket = new Socket("127.0.0.1", port)) {
        StringBuilder head = new StringBuilder("PUT /releases/app/partial.zip HTTP/1.1\r\n");
        signed.headers().forEach((n, vs) -> vs.forEach(v -> head.append(n).append(": ").append(v).append("\r\n")));
        OutputStream out = socket.getOutputStream();
        out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(new byte[2 << 20]);
        out.flush();
        p.destroyForcibly(); // SIGKILL
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
      }
    } finally {
      p.destroyForcibly();
      p.waitFor(30, TimeUnit.SECONDS);
    }

    int again = freePort();
    Process restarted = serve(store, work, again);
    try (S3Client s3 = client(again)) {
      assertThrows(NoSuchKeyException.class, () -> s3.headObject(b -> b.bucket("releases").key("app/partial.zip")));
      assertEquals(List.of("app/app-1.0.zip"), s3.listObjectsV2(b -> b.bucket("releases")).contents().stream()
          .map(o -> o.key()).toList());
      assertEquals(List.of(uploadId), s3.listMultipartUploads(b -> b.bucket("releases")).uploads().stream()
          .map(u -> u.uploadId()).toList());
      var parts = s3.listParts(b -> b.bucket("releases").key("app/app-1.1.zip").uploadId(uploadId)).parts();
      assertEquals(1, parts.size());
      String e2 = s3.uploadPart(b -> b.bucket("releases").key("app/app-1.1.zip").uploadId(uploadId).partNumber(2),
          RequestBody.fromBytes(Arrays.copyOfRange(v2, 5 << 20, v2.length))).eTag();
      s3.completeMultipartUpload(b -> b.bucket("releases").key("app/app-1.1.zip").uploadId(uploadId)
          .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(parts.get(0).eTag()).build(),
              CompletedPart.builder().partNumber(2).eTag(e2).build())));
      assertArrayEquals(v2, s3.getObjectAsBytes(b -> b.bucket("releases").key("app/app-1.1.zip")).asByteArray());
      assertArrayEquals(v1, s3.getObjectAsBytes(b -> b.bucket("releases").key("app/app-1.0.zip")).asByteArray());
    } finally {
      restarted.destroy();
      assertTrue(restarted.waitFor(30, TimeUnit.SECONDS), "serve did not stop on SIGTERM");
    }
    assertTrue(Files.exists(store.resolve("releases/app/app-1.1.zip.delta")));
    try (var files = Files.walk(store)) {
      List<String> partial = files.map(Path::toString).filter(f -> f.contains("partial")).toList();
      assertEquals(List.of(), partial);
    }
  }

  @Test
  void twoServersWithSharedUploadsTakeTurnsInOneMultipartUpload() throws Exception {
    Path store = dir.resolve("store");
    Files.createDirectories(store.resolve("releases"));
    byte[] v = io.deltaglider.vcdiff.testing.TestData.random(35, (5 << 20) + 1000);
    int portA = freePort();
    int portB = freePort();
    Process a = serve(store, dir.resolve("work-a"), portA, "--shared-uploads");
    try {
      Process b = serve(store, dir.resolve("work-b"), portB, "--shared-uploads");
      try (S3Client onA = client(portA); S3Client onB = client(portB)) {
        String key = "app/app-1.0.zip";
        String id = onA.createMultipartUpload(r -> r.bucket("releases").key(key)).uploadId();
        String e1 = onB.uploadPart(r -> r.bucket("releases").key(key).uploadId(id).partNumber(1),
            RequestBody.fromBytes(Arrays.copyOfRange(v, 0, 5 << 20))).eTag();
        String e2 = onA.uploadPart(r -> r.bucket("releases").key(key).uploadId(id).partNumber(2),
            RequestBody.fromBytes(Arrays.copyOfRange(v, 5 << 20, v.length))).eTag();
        assertEquals(2, onA.listParts(r -> r.bucket("releases").key(key).uploadId(id)).parts().size());
        onB.completeMultipartUpload(r -> r.bucket("releases").key(key).uploadId(id).multipartUpload(m -> m.parts(
            CompletedPart.builder().partNumber(1).eTag(e1).build(),
            CompletedPart.builder().partNumber(2).eTag(e2).build())));
        assertArrayEquals(v, onA.getObjectAsBytes(r -> r.bucket("releases").key(key)).asByteArray());
        assertEquals(List.of("releases"), onA.listBuckets().buckets().stream().map(x -> x.name()).toList());
      } finally {
        b.destroy();
        b.waitFor(30, TimeUnit.SECONDS);
      }
    } finally {
      a.destroy();
      a.waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void withoutAccessKeysItRefusesToStart() throws Exception {
    ProcessBuilder pb = new ProcessBuilder(java("serve", "--store", dir.toString(), "--listen", "127.0.0.1:0"));
    pb.environment().remove("AWS_ACCESS_KEY_ID");
    pb.environment().remove("AWS_SECRET_ACCESS_KEY");
    Process p = pb.redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(2, p.exitValue(), out);
    assertTrue(out.contains("no access keys"), out);
  }
}
