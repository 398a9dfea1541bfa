package io.deltaglider.cli;

import io.deltaglider.DeltaPolicy;
import io.deltaglider.DeltaStore;
import io.deltaglider.DeltaStoreBuilder;
import io.deltaglider.DeltaStoreException;
import io.deltaglider.proxy.ServingStoreSettings;
import io.deltaglider.spi.StorageBackend;
import io.deltaglider.vcdiff.SecondaryCompression;
import io.deltaglider.vcdiff.VcdiffEncoder;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The stores one command works on, opened on first use and closed together at the end. A store
 * that is only read must exist; one that is written to is created (a local directory) if needed.
 */
final class Stores implements AutoCloseable {
  /**
   * Test seam: when set, every store is this function's backend for the location instead of a
   * real directory or bucket. Package-private, set only by in-process tests.
   */
  static volatile Function<StoreLocation, StorageBackend> testBackends;

  private final StoreOptions options;
  private final DeltaPolicy policy;
  private final boolean archiveAware;
  private final Map<StoreLocation, DeltaStore> open = new LinkedHashMap<>();

  Stores(StoreOptions options, DeltaPolicy policy, boolean archiveAware) {
    this.options = options;
    this.policy = policy;
    this.archiveAware = archiveAware;
  }

  /** The store at {@code location}; {@code forWriting} creates a missing local store. */
  DeltaStore open(StoreLocation location, boolean forWriting)
      throws CliException, DeltaStoreException {
    return open(location, forWriting, false);
  }

  /**
   * The store at {@code location}; {@code serving}: for {@code serve}, whose requests share one
   * heap, caches, codec runs at once and encoder sized to the heap ({@link ServingStoreSettings}).
   */
  DeltaStore open(StoreLocation location, boolean forWriting, boolean serving)
      throws CliException, DeltaStoreException {
    DeltaStore s = open.get(location);
    if (s != null) {
      return s;
    }
    StorageBackend backend = backend(location, forWriting);
    DeltaStoreBuilder b = DeltaStore.builder().backend(backend).policy(policy).encoder(encoder())
        .archiveAware(archiveAware);
    s = (serving ? ServingStoreSettings.apply(b) : b).build();
    open.put(location, s);
    return s;
  }

  /**
   * The store's default encoder (default level, LZMA, skipping fast through unrelated data), matching windows on the cores like
   * {@code vcdiff encode}: a command line puts one object at a time, so the cores are free.
   */
  static VcdiffEncoder encoder() {
    return VcdiffEncoder.builder().secondary(SecondaryCompression.LZMA).skipUnrelated(true)
        .threads(VcdiffEncodeCommand.threads()).build();
  }

  private StorageBackend backend(StoreLocation location, boolean forWriting)
      throws CliException, DeltaStoreException {
    Function<StoreLocation, StorageBackend> test = testBackends;
    if (test != null) {
      StorageBackend b = test.apply(location);
      if (b == null) {
        throw new CliException(ExitCode.FAILURE, "no store at " + location.describe());
      }
      return b;
    }
    if (location.isS3()) {
      return Backends.s3(location, options.endpointUrl, options.region, options.profile);
    }
    if (!forWriting && !Files.isDirectory(location.directory())) {
      throw new CliException(
          ExitCode.FAILURE,
          "no store at " + location.directory() + " (nothing has been stored there; --store names"
              + " another)");
    }
    return Backends.local(location.directory());
  }

  @Override
  public void close() {
    for (DeltaStore s : open.values()) {
      try {
        s.close();
      } catch (RuntimeException e) {
        // closing is best effort; the command's own outcome is what counts
      }
    }
    open.clear();
  }
}
