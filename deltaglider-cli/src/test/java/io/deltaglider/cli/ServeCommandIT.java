package io.deltaglider.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code deltaglider serve} as a process: an S3 client stores through it, SIGTERM stops it. */
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
