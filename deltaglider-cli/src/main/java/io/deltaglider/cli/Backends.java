package io.deltaglider.cli;

import io.deltaglider.StorageBackend;
import java.nio.file.Path;

/** The real storage backends behind store locations. */
final class Backends {
  private Backends() {}

  static StorageBackend local(Path directory) throws CliException {
    throw new CliException(
        ExitCode.FAILURE, "local directory stores are not available in this build (" + directory + ")");
  }

  static StorageBackend s3(StoreLocation location, String endpointUrl, String region)
      throws CliException {
    throw new CliException(
        ExitCode.FAILURE, "S3 stores are not available in this build (" + location.describe() + ")");
  }
}
