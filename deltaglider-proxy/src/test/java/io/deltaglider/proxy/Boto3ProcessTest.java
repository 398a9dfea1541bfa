package io.deltaglider.proxy;

import static io.deltaglider.proxy.ExternalClients.sha256;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.ObjectInfo;
import io.deltaglider.StoredForm;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * boto3 as a child process against the gateway on 127.0.0.1. The checks of what boto3 sees are in
 * {@code boto3_client.py} beside this test's resources; this test then checks what the store holds:
 * the second version of each release pair (one put whole, one uploaded in parts) stored as a delta,
 * and every object's SHA-256 that of the file boto3 uploaded.
 */
class Boto3ProcessTest {
  @TempDir
  Path dir;

  @Test
  void boto3PutsGetsListsCopiesPresignsAndDeletes() throws Exception {
    ExternalClients.Client python = ExternalClients.locate("python3 with boto3", "python3",
        List.of("-c", "import boto3, botocore; print('boto3', boto3.__version__, 'botocore', botocore.__version__)"),
        dir);
    Path script = dir.resolve("boto3_client.py");
    try (InputStream in = getClass().getResourceAsStream("boto3_client.py")) {
      Files.copy(in, script);
    }
    Path scratch = Files.createDirectories(dir.resolve("scratch"));
    try (GatewayFixture fx = new GatewayFixture(dir)) {
      ExternalClients.Result r = ExternalClients.run(dir, ExternalClients.environment(dir),
          List.of(python.program().toString(), script.toString(), fx.endpoint.toString(), scratch.toString()));
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
