package io.deltaglider.storage.s3;

import io.deltaglider.spi.BlobInfo;
import io.deltaglider.spi.BlobPage;
import io.deltaglider.spi.BlobQuery;
import io.deltaglider.spi.StorageBackend;
import io.deltaglider.testkit.StorageBackendContract;
import java.net.URI;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The contract suite against a real S3 or MinIO bucket, only when {@code DELTAGLIDER_S3_BUCKET} is
 * set (never in CI). Optional: {@code DELTAGLIDER_S3_ENDPOINT}, {@code DELTAGLIDER_S3_REGION},
 * {@code DELTAGLIDER_S3_PATH_STYLE=true}; credentials come from the SDK's default chain. Each test
 * works under a fresh {@code deltaglider-test/<uuid>/} prefix and deletes what it wrote.
 */
@EnabledIfEnvironmentVariable(named = "DELTAGLIDER_S3_BUCKET", matches = ".+")
class S3BackendExternalContractTest extends StorageBackendContract {

  @Override
  protected StorageBackend newBackend() throws Exception {
    S3Backend.Builder b = S3Backend.builder()
        .bucket(System.getenv("DELTAGLIDER_S3_BUCKET"))
        .prefix("deltaglider-test/" + UUID.randomUUID())
        .pathStyle("true".equalsIgnoreCase(System.getenv("DELTAGLIDER_S3_PATH_STYLE")));
    String endpoint = System.getenv("DELTAGLIDER_S3_ENDPOINT");
    if (endpoint != null && !endpoint.isBlank()) {
      b.endpoint(URI.create(endpoint));
    }
    String region = System.getenv("DELTAGLIDER_S3_REGION");
    if (region != null && !region.isBlank()) {
      b.region(region);
    }
    S3Backend backend = b.build();
    backend.verify();
    return backend;
  }

  @AfterEach
  void deleteWhatTheTestWrote() throws Exception {
    BlobQuery q = BlobQuery.under("");
    while (true) {
      BlobPage page = backend.list(q);
      for (BlobInfo o : page.objects()) {
        backend.delete(o.key());
      }
      if (!page.isTruncated()) {
        return;
      }
      q = q.withContinuationToken(page.nextContinuationToken());
    }
  }
}
