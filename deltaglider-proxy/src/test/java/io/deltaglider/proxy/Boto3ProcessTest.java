package io.deltaglider.proxy;

import static io.deltaglider.proxy.ExternalClients.sha256;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.ObjectInfo;
import io.deltaglider.StoredForm;
import io.deltaglider.storage.s3.S3Backend;
import io.deltaglider.testkit.S3TestServer;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * boto3 as a child process against the gateway on 127.0.0.1, over a local directory store and over
 * an S3 store (the S3 backend on S3Proxy in this JVM). The checks of what boto3 sees are in
 * {@code boto3_client.py} beside this test's resources; this test then checks what the store holds:
 * the second version of each release pair (one put whole, one uploaded in parts) stored as a delta,
 * and every object's SHA-256 that of the file boto3 uploaded.
 */
class Boto3ProcessTest {
  @TempDir
  Path dir;

  @ParameterizedTest(name = "over a {0} store")
  @ValueSource(strings = {"local", "s3"})
  void boto3PutsGetsListsCopiesPresignsAndDeletes(String backing) throws Exception {
    ExternalClients.Client python = ExternalClients.locate("python3 with boto3", "python3",
        List.of("-c", "import boto3, botocore; print('boto3', boto3.__version__, 'botocore', botocore.__version__)"),
        dir);
    Path script = dir.resolve("boto3_client.py");
    try (InputStream in = getClass().getResourceAsStream("boto3_client.py")) {
      Files.copy(in, script);
    }
    Path scratch = Files.createDirectories(dir.resolve("scratch"));
    try (S3TestServer s3Server = backing.equals("s3") ? new S3TestServer() : null;
        GatewayFixture fx = s3Server == null ? new GatewayFixture(dir) : GatewayFixture.over(dir, S3Backend.builder()
            .endpoint(s3Server.endpoint()).region("us-east-1").pathStyle(true)
            .credentials(S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY).bucket(s3Server.newBucket()).build())) {
      ExternalClients.Result r = ExternalClients.run(dir, ExternalClients.environment(dir), List.of(
          python.program().toString(), script.toString(), fx.endpoint.toString(), scratch.toString(), backing));
      assertEquals(0, r.exit(), r::toString);
      assertTrue(r.out().contains("boto3 checks passed"), r::toString);
      System.out.println(r.out().strip());

      for (String pair : List.of("app/app-1.%s.tar.gz", "iso/image-1.%s.iso")) {
        String v1 = pair.formatted("0");
        String v2 = pair.formatted("1");
        ObjectInfo second = fx.store.head("boto-releases/" + v2);
        assertEquals(StoredForm.DELTA, second.form(), v2);
        assertTrue(second.storedSize() < second.size() / 10, second::toString);
        for (String key : List.of(v1, v2)) {
          Path uploaded = scratch.resolve(key.substring(key.indexOf('/') + 1));
          assertEquals(sha256(uploaded), sha256(fx.store.get("boto-releases/" + key)), key);
          assertEquals(Files.size(uploaded), fx.store.head("boto-releases/" + key).size(), key);
        }
      }
      assertFalse(fx.store.exists("boto-releases/never.txt"), "stored with a wrong secret");
      assertFalse(fx.store.exists("boto-releases/app/bad.bin"), "stored with a wrong Content-MD5");
      assertFalse(fx.store.exists("boto-releases/copies/app-1.0.tar.gz"), "deleted in a batch");
    }
  }
}
