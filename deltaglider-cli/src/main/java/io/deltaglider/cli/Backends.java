package io.deltaglider.cli;

import io.deltaglider.DeltaStoreException;
import io.deltaglider.spi.StorageBackend;
import io.deltaglider.storage.fs.FileSystemBackend;
import io.deltaglider.storage.s3.S3Backend;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;

/** The real storage backends behind store locations. */
final class Backends {
  private Backends() {}

  /**
   * A local directory store, laid out as the DeltaGlider proxy's filesystem backend (metadata in
   * the extended attribute user.dg.metadata, or sidecar files where there are none). Created if
   * missing. The leftover scan at open is skipped: it walks the whole tree on every command, and
   * leftovers are never shown as objects anyway.
   */
  static StorageBackend local(Path directory) throws DeltaStoreException {
    return FileSystemBackend.builder(directory).scanOnOpen(false).build();
  }

  /**
   * A bucket (and prefix) on S3 or an S3-compatible server. Credentials come from the AWS SDK's
   * default chain (environment, profile, instance role...). The bucket is checked once (HeadBucket)
   * so that a wrong name or credentials show as one clear error before any work.
   */
  static StorageBackend s3(StoreLocation location, String endpointUrl, String region, String profile)
      throws CliException, DeltaStoreException {
    if (profile != null && !profile.isBlank()) {
      // The SDK's credential and region chains both read this: one setting for the process.
      System.setProperty("aws.profile", profile);
    }
    String endpoint = firstNonBlank(endpointUrl, System.getenv("AWS_ENDPOINT_URL_S3"),
        System.getenv("AWS_ENDPOINT_URL"));
    S3Backend.Builder b = S3Backend.builder().bucket(location.bucket()).prefix(location.prefix());
    if (endpoint != null) {
      try {
        URI uri = new URI(endpoint);
        if (uri.getScheme() == null || uri.getHost() == null) {
          throw new CliException(ExitCode.USAGE, "invalid --endpoint-url: " + endpoint);
        }
        b.endpoint(uri).pathStyle(true);
      } catch (URISyntaxException e) {
        throw new CliException(ExitCode.USAGE, "invalid --endpoint-url: " + endpoint, e);
      }
    }
    String r = firstNonBlank(region, System.getenv("AWS_REGION"), System.getenv("AWS_DEFAULT_REGION"));
    if (r != null) {
      b.region(r);
    }
    S3Backend backend;
    try {
      backend = b.build();
    } catch (RuntimeException e) { // the SDK found no region, no credentials provider...
      throw new CliException(ExitCode.FAILURE, "cannot set up S3 for " + location.describe() + ": "
          + Messages.describe(e) + (r == null ? " (give --region or set AWS_REGION)" : ""), e);
    }
    try {
      backend.verify();
    } catch (DeltaStoreException | RuntimeException e) {
      backend.close();
      if (String.valueOf(e.getMessage()).contains("Unable to load credentials")) {
        throw new CliException(ExitCode.FAILURE, "no AWS credentials for " + location.describe()
            + " (set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or give --profile)", e);
      }
      throw e;
    }
    return backend;
  }

  private static String firstNonBlank(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    return null;
  }
}
