package io.deltaglider.proxy;

import io.deltaglider.storage.s3.S3Backend;
import io.deltaglider.testkit.S3TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Every AWS CLI check of {@link AwsCliProcessTest} again, with the gateway's store over an S3
 * server (S3Proxy on 127.0.0.1) instead of a local directory: the deployment the gateway is
 * mostly for, where references, deltas and their metadata live in a bucket.
 */
class AwsCliOverS3ProcessTest extends AwsCliProcessTest {
  private static S3TestServer s3;

  /** Runs after the superclass's start: its local fixture is replaced by one over S3. */
  @BeforeAll
  static void overS3() throws Exception {
    fx.close();
    s3 = new S3TestServer();
    fx = GatewayFixture.over(dir, S3Backend.builder().endpoint(s3.endpoint()).region("us-east-1").pathStyle(true)
        .credentials(S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY).bucket(s3.newBucket()).build());
  }

  @Override
  boolean bucketsAreMadeAndRemoved() {
    return false;
  }

  /** Runs before the superclass's stop. */
  @AfterAll
  static void stopS3() {
    if (fx != null) {
      fx.close();
      fx = null;
    }
    if (s3 != null) {
      s3.close();
    }
  }
}
