package io.deltaglider.examples.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.DeltaStore;
import io.deltaglider.examples.ReleaseArchiveService;
import io.deltaglider.micrometer.DeltaGliderMetrics;
import io.deltaglider.storage.fs.FileSystemBackend;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/** The Spring Boot example started as an application, its store in a temp directory. */
class ReleaseArchiveApplicationTest {
  @TempDir Path dir;

  @Test
  void theAutoConfiguredStoreIsWorkedFromSeveralThreadsAndMetered() throws Exception {
    try (ConfigurableApplicationContext context = SpringApplication.run(ReleaseArchiveApplication.class,
        "--deltaglider.store.fs.path=" + dir, "--example.products=2", "--example.versions=3", "--example.size=65536")) {
      ReleaseArchiveService.Summary s = context.getBean(PublishingRunner.class).summary();
      assertEquals(6, s.published());
      assertEquals(6, s.verified());

      DeltaStore store = context.getBean(DeltaStore.class);
      assertEquals(dir.toRealPath(), ((FileSystemBackend) store.backend()).root());
      assertTrue(Files.isRegularFile(dir.resolve("releases/product-1/reference.bin")));
      MeterRegistry registry = context.getBean(MeterRegistry.class);
      assertEquals(6, registry.get(DeltaGliderMetrics.OPERATIONS)
          .tags("store", "releases", "operation", "put", "outcome", "success").timer().count());
      assertEquals(6, registry.get(DeltaGliderMetrics.OPERATIONS)
          .tags("store", "releases", "operation", "get", "outcome", "success").timer().count());
      assertEquals(64 << 20, store.referenceCache().maxBytes(), "from application.properties");
    }
  }
}
