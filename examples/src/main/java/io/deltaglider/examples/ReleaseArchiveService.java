package io.deltaglider.examples;

import io.deltaglider.DeltaStore;
import io.deltaglider.DeltaStoreException;
import io.deltaglider.PutResult;
import io.deltaglider.StoredForm;
import io.deltaglider.micrometer.DeltaGliderMetrics;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A release archive on a {@link DeltaStore}, in plain Java: the store configured from a
 * properties file, metered on a Micrometer registry, and shared by a pool of threads that publish
 * versions of several products and read every one back, checking it against what was published.
 *
 * <pre>
 * java -cp ... io.deltaglider.examples.ReleaseArchiveService [deltaglider.properties]
 * </pre>
 *
 * Without an argument it reads {@code deltaglider.properties} from the class path (a store under
 * {@code target/release-archive}). The Spring Boot version of the same service is
 * {@code io.deltaglider.examples.spring.ReleaseArchiveApplication}.
 */
public final class ReleaseArchiveService implements AutoCloseable {
  /** What a run did. */
  public record Summary(int published, int deltas, long originalBytes, long storedBytes, int verified) {
    /** Share of the original bytes the store did not need to keep, in percent (references included in neither). */
    public double savedPercent() {
      return originalBytes == 0 ? 0 : 100.0 * (originalBytes - storedBytes) / originalBytes;
    }
  }

  private final DeltaStore store;
  private final MeterRegistry registry;
  private final boolean ownsStore;

  /** A service on a store someone else built and closes (the Spring example's case). */
  public ReleaseArchiveService(DeltaStore store, MeterRegistry registry) {
    this(store, registry, false);
  }

  private ReleaseArchiveService(DeltaStore store, MeterRegistry registry, boolean ownsStore) {
    this.store = store;
    this.registry = registry;
    this.ownsStore = ownsStore;
  }

  /** A service on a store built from {@code deltaglider.store.*} properties, metered on {@code registry}. */
  public static ReleaseArchiveService fromProperties(Properties properties, MeterRegistry registry)
      throws DeltaStoreException {
    DeltaGliderMetrics metrics = new DeltaGliderMetrics(registry, StoreSettings.tags(properties));
    DeltaStore store = StoreSettings.builder(properties).observer(metrics).build();
    metrics.bindTo(store);
    return new ReleaseArchiveService(store, registry, true);
  }

  /**
   * Publishes {@code versions} versions of each of {@code products} products of about
   * {@code size} bytes (each product's versions in order, the products at once), then reads all
   * of them back at once and checks each against the SHA-256 of what was published.
   */
  public Summary publishAndVerify(int products, int versions, int size, ExecutorService pool)
      throws InterruptedException, ExecutionException {
    List<Callable<List<PutResult>>> publishing = new ArrayList<>();
    for (int p = 0; p < products; p++) {
      String product = "product-" + p;
      publishing.add(() -> {
        List<PutResult> results = new ArrayList<>();
        for (int v = 0; v < versions; v++) {
          results.add(store.put(Releases.key(product, v), Releases.version(product, v, size)));
        }
        return results;
      });
    }
    List<PutResult> published = new ArrayList<>();
    for (Future<List<PutResult>> f : pool.invokeAll(publishing)) {
      published.addAll(f.get());
    }

    List<Callable<Boolean>> reading = new ArrayList<>();
    for (int p = 0; p < products; p++) {
      for (int v = 0; v < versions; v++) {
        String product = "product-" + p;
        int version = v;
        // The store verifies every read against its own digest; this checks it against the source.
        reading.add(() -> Arrays.equals(sha256(store.get(Releases.key(product, version))),
            sha256(Releases.version(product, version, size))));
      }
    }
    int verified = 0;
    for (Future<Boolean> f : pool.invokeAll(reading)) {
      verified += f.get() ? 1 : 0;
    }
    return new Summary(published.size(), (int) published.stream().filter(r -> r.form() == StoredForm.DELTA).count(),
        published.stream().mapToLong(PutResult::originalSize).sum(),
        published.stream().mapToLong(PutResult::storedSize).sum(), verified);
  }

  /** The store this service works on. */
  public DeltaStore store() {
    return store;
  }

  /** Prints the summary and every {@code deltaglider.*} meter with its measurements. */
  public void report(Summary s, PrintStream out) {
    out.printf("published %d objects (%d as deltas): %d bytes, %d stored (%.1f%% saved); verified %d of %d%n",
        s.published(), s.deltas(), s.originalBytes(), s.storedBytes(), s.savedPercent(), s.verified(), s.published());
    registry.getMeters().stream()
        .filter(m -> m.getId().getName().startsWith("deltaglider."))
        .sorted(Comparator.comparing((Meter m) -> m.getId().getName()).thenComparing(m -> m.getId().getTags().toString()))
        .forEach(m -> out.println(describe(m)));
  }

  private static String describe(Meter m) {
    StringBuilder line = new StringBuilder(m.getId().getName());
    m.getId().getTags().forEach(t -> line.append(' ').append(t.getKey()).append('=').append(t.getValue()));
    for (Measurement x : m.measure()) {
      line.append(' ').append(x.getStatistic().getTagValueRepresentation()).append(':').append(x.getValue());
    }
    return line.toString();
  }

  /** Closes the store if this service built it. */
  @Override
  public void close() {
    if (ownsStore) {
      store.close();
    }
  }

  /** Runs the example on {@code properties}: a pool of {@code example.threads}, a simple registry, a report on {@code out}. */
  public static Summary run(Properties properties, PrintStream out) throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ExecutorService pool = Executors.newFixedThreadPool(StoreSettings.intValue(properties, "example.threads", 4));
    try (ReleaseArchiveService service = fromProperties(properties, registry)) {
      Summary summary = service.publishAndVerify(StoreSettings.intValue(properties, "example.products", 3),
          StoreSettings.intValue(properties, "example.versions", 4),
          StoreSettings.intValue(properties, "example.size", 256 << 10), pool);
      service.report(summary, out);
      return summary;
    } finally {
      pool.shutdown();
    }
  }

  /** Runs the example on the properties file named by the first argument, or on {@code deltaglider.properties} from the class path. */
  public static void main(String[] args) throws Exception {
    Properties properties = new Properties();
    try (InputStream in = args.length > 0 ? Files.newInputStream(Path.of(args[0]))
        : ReleaseArchiveService.class.getResourceAsStream("/deltaglider.properties")) {
      if (in == null) {
        throw new IllegalStateException("no deltaglider.properties on the class path");
      }
      properties.load(in);
    }
    Summary s = run(properties, System.out);
    if (s.verified() != s.published()) {
      throw new IllegalStateException("only " + s.verified() + " of " + s.published() + " read back as published");
    }
  }

  static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
