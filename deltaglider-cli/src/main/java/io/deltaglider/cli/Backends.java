package io.deltaglider.cli;

import io.deltaglider.DeltaStoreException;
import io.deltaglider.StorageBackend;
import io.deltaglider.storage.fs.FileSystemBackend;
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

  static StorageBackend s3(StoreLocation location, String endpointUrl, String region)
      throws CliException {
    throw new CliException(
        ExitCode.FAILURE, "S3 stores are not available in this build (" + location.describe() + ")");
  }
}
