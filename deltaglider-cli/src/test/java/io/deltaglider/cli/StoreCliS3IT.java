package io.deltaglider.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.spi.BlobInfo;
import io.deltaglider.spi.BlobQuery;
import io.deltaglider.storage.s3.S3Backend;
import io.deltaglider.testkit.S3TestServer;
import io.deltaglider.vcdiff.testing.TestData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store commands as real {@code java -jar} processes against an S3 store: S3Proxy started in
 * this JVM on 127.0.0.1, credentials and region from the usual AWS environment variables.
 */
class StoreCliS3IT {
  private static S3TestServer server;
  private static Path jar;

  @TempDir Path dir;

  @BeforeAll
  static void start() throws Exception {
    String prop = System.getProperty("deltaglider.cli.jar");
    jar = Path.of(prop != null ? prop : "target/deltaglider-cli.jar").toAbsolutePath();
    assertTrue(Files.isRegularFile(jar), "the shaded jar is missing: " + jar + " (run mvn verify)");
    server = new S3TestServer();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private Cli.Result dg(String store, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", jar.toString()));
    cmd.addAll(Arrays.asList(args));
    cmd.addAll(List.of("--store", store, "--endpoint-url", server.endpoint().toString()));
    return Proc.run(dir, Map.of(
        "AWS_ACCESS_KEY_ID", S3TestServer.ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY", S3TestServer.SECRET_KEY,
        "AWS_REGION", "us-east-1"), new byte[0], cmd);
  }

  private static String out(Cli.Result r) {
    return new String(r.stdout(), StandardCharsets.UTF_8);
  }

  @Test
  void putListGetVerifyAndErrorsOnAnS3Store() throws Exception {
    String bucket = server.newBucket();
    String store = "s3://" + bucket + "/team";
    byte[] v1 = TestData.text(41, 300_000);
    byte[] v2 = TestData.edited(v1, 42, 20, 200, true);
    Files.write(dir.resolve("app-1.0.zip"), v1);
    Files.write(dir.resolve("app-1.1.zip"), v2);

    Cli.Result r = dg(store, "put", "app-1.0.zip", "releases/app/app-1.0.zip");
    assertEquals(0, r.exitCode(), r::toString);
    r = dg(store, "put", "app-1.1.zip", "releases/app/app-1.1.zip");
    assertEquals(0, r.exitCode(), r::toString);

    // Laid out as DeltaGlider writes a bucket: reference plus deltas, under the store's prefix.
    List<String> keys;
    try (S3Backend whole = S3Backend.builder().endpoint(server.endpoint()).region("us-east-1").pathStyle(true)
        .credentials(S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY).bucket(bucket).build()) {
      keys = whole.list(BlobQuery.under("")).objects().stream().map(BlobInfo::key).collect(Collectors.toList());
    }
    assertEquals(List.of("team/releases/app/app-1.0.zip.delta", "team/releases/app/app-1.1.zip.delta",
        "team/releases/app/reference.bin"), keys);

    r = dg(store, "ls", "--recursive", "releases/");
    assertEquals(0, r.exitCode(), r::toString);
    assertTrue(out(r).contains("releases/app/app-1.1.zip"), out(r));
    assertTrue(!out(r).contains("reference.bin"), out(r));

    r = dg(store, "get", "releases/app/app-1.1.zip", "restored.zip");
    assertEquals(0, r.exitCode(), r::toString);
    assertArrayEquals(v2, Files.readAllBytes(dir.resolve("restored.zip")));

    r = dg(store, "verify", "releases/");
    assertEquals(0, r.exitCode(), r::toString);

    r = dg(store, "get", "releases/app/missing.zip", "x.zip");
    assertEquals(4, r.exitCode(), r::toString);
    assertEquals(1, r.stderr().strip().lines().count(), r.stderr());

    r = dg("s3://no-such-bucket-here", "ls");
    assertEquals(1, r.exitCode(), r::toString);
    assertEquals(1, r.stderr().strip().lines().count(), r.stderr());
  }

  /** Credentials and region from a named profile (issue 17 item 7), with store options before the subcommand. */
  @Test
  void aNamedProfileGivesCredentialsAndRegion() throws Exception {
    String bucket = server.newBucket();
    Path credentials = dir.resolve("credentials");
    Files.writeString(credentials, "[dgtest]\naws_access_key_id = " + S3TestServer.ACCESS_KEY
        + "\naws_secret_access_key = " + S3TestServer.SECRET_KEY + "\n");
    Path config = dir.resolve("config");
    Files.writeString(config, "[profile dgtest]\nregion = us-east-1\n");
    Files.write(dir.resolve("a.zip"), TestData.text(43, 10_000));
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", jar.toString(), "--store", "s3://" + bucket, "--endpoint-url", server.endpoint().toString(),
        "--profile", "dgtest", "put", "a.zip", "p/a.zip"));
    Map<String, String> env = Map.of("AWS_SHARED_CREDENTIALS_FILE", credentials.toString(),
        "AWS_CONFIG_FILE", config.toString());
    Cli.Result r = Proc.run(dir, env, new byte[0], cmd);
    assertEquals(0, r.exitCode(), r::toString);
    cmd.set(cmd.indexOf("dgtest"), "nosuchprofile");
    Cli.Result bad = Proc.run(dir, env, new byte[0], cmd);
    assertEquals(1, bad.exitCode(), bad::toString);
  }
}
