package io.deltaglider.proxy;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One gateway over a fresh local store for a whole test class, and an AWS SDK client for it;
 * a subclass's own {@code @BeforeAll} (creating its buckets) runs after this one's.
 */
abstract class OneGatewayTest {
  @TempDir
  static Path dir;
  static GatewayFixture fx;
  static S3Client s3;

  @BeforeAll
  static void startGateway() throws Exception {
    fx = new GatewayFixture(dir);
    s3 = fx.client();
  }

  @AfterAll
  static void stopGateway() {
    s3.close();
    fx.close();
  }
}
