package io.deltaglider.spring;

import io.deltaglider.spi.StorageBackend;
import io.deltaglider.storage.s3.S3Backend;

/** Builds the S3 backend; a class of its own so that S3's classes load only for an S3 store. */
final class S3Backends {
  private S3Backends() {}

  static StorageBackend from(DeltaGliderProperties.S3 p) {
    S3Backend.Builder b = S3Backend.builder().bucket(p.getBucket()).prefix(p.getPrefix()).pathStyle(p.isPathStyle());
    if (p.getEndpoint() != null) {
      b.endpoint(p.getEndpoint());
    }
    if (p.getRegion() != null) {
      b.region(p.getRegion());
    }
    return b.build();
  }
}
