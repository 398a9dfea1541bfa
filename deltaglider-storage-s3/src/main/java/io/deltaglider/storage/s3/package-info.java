/**
 * A {@link io.deltaglider.spi.StorageBackend} on Amazon S3 and S3-compatible servers:
 * {@link io.deltaglider.storage.s3.S3Backend}, built with {@link io.deltaglider.storage.s3.S3Backend#builder()}.
 * Keys, metadata, uploads and conditional creates follow the repository's {@code FORMAT.md},
 * section 6.
 *
 * <pre>{@code
 * S3Backend backend = S3Backend.builder()
 *     .bucket("artifacts")
 *     .prefix("deltaglider")                          // optional root prefix
 *     .endpoint(URI.create("http://127.0.0.1:9000"))  // S3-compatible server; omit for AWS
 *     .region("us-east-1")
 *     .pathStyle(true)
 *     .build();                                       // credentials: the SDK's default chain
 * backend.verify();                                   // fail fast on a wrong bucket or credentials
 * DeltaStore store = DeltaStore.builder().backend(backend).build();
 * }</pre>
 */
package io.deltaglider.storage.s3;
