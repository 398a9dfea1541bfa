package io.deltaglider.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.deltaglider.DeltaPolicy;
import io.deltaglider.DeltaStore;
import io.deltaglider.StoreObserver;
import io.deltaglider.StoredForm;
import io.deltaglider.micrometer.DeltaGliderMetrics;
import io.deltaglider.micrometer.DeltaStoreMeterBinder;
import io.deltaglider.spi.ForwardingBackend;
import io.deltaglider.spi.InMemoryBackend;
import io.deltaglider.storage.fs.FileSystemBackend;
import io.deltaglider.storage.s3.S3Backend;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** What the auto-configuration makes of properties and beans, in contexts started by ApplicationContextRunner. */
class DeltaGliderAutoConfigurationTest {
  static final byte[] V1 = new byte[100_000];
  static final byte[] V2;

  static {
    new Random(1).nextBytes(V1);
    V2 = V1.clone();
    V2[500] ^= 1;
    V2[60_000] ^= 1;
  }

  @TempDir Path dir;

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(DeltaGliderAutoConfiguration.class, DeltaGliderMetricsAutoConfiguration.class));

  /** A backend that counts how often it was closed. */
  static final class ClosingBackend extends ForwardingBackend {
    final AtomicInteger closed = new AtomicInteger();

    ClosingBackend() {
      super(new InMemoryBackend());
    }

    @Override
    public void close() {
      closed.incrementAndGet();
    }
  }

  @Test
  void aDirectoryStoreFromPropertiesWithMetersOnTheApplicationsRegistry() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    runner.withBean(MeterRegistry.class, () -> registry)
        .withPropertyValues("deltaglider.store.fs.path=" + dir, "deltaglider.store.reference-cache-size=1MB",
            "deltaglider.store.codec-concurrency=1", "deltaglider.store.metrics.tags.store=releases")
        .run(context -> {
          assertThat(context).hasNotFailed().hasSingleBean(DeltaStore.class).hasSingleBean(DeltaGliderMetrics.class);
          DeltaStore store = context.getBean(DeltaStore.class);
          assertThat(store.backend()).isInstanceOf(FileSystemBackend.class);
          assertThat(store.referenceCache().maxBytes()).isEqualTo(1L << 20);
          store.put("releases/app/app-1.zip", V1);
          assertThat(store.put("releases/app/app-2.zip", V2).form()).isEqualTo(StoredForm.DELTA);
          assertThat(store.get("releases/app/app-2.zip")).isEqualTo(V2);
          assertThat(Files.exists(dir.resolve("releases/app/reference.bin"))).isTrue();

          assertThat(registry.get(DeltaGliderMetrics.OPERATIONS).tags("store", "releases", "operation", "put", "outcome", "success")
              .timer().count()).isEqualTo(2);
          assertThat(registry.get(DeltaStoreMeterBinder.PUTS).tags("store", "releases", "form", "delta")
              .functionCounter().count()).isEqualTo(2);
          assertThat(registry.get(DeltaStoreMeterBinder.CACHE_MAX_BYTES).tags("store", "releases").gauge().value())
              .isEqualTo(1 << 20);
        });
    assertThat(registry.find(DeltaStoreMeterBinder.CACHE_SIZE).gauge()).as("gauges leave with the context").isNull();
  }

  @Test
  void withActuatorsRegistryTheMetersAreBoundOnceWhateverTheOrderOfAutoConfigurations() {
    // Listed first on purpose: the after= ordering, not this list, must decide.
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(DeltaGliderMetricsAutoConfiguration.class, DeltaGliderAutoConfiguration.class,
            MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
            CompositeMeterRegistryAutoConfiguration.class))
        .withPropertyValues("deltaglider.store.fs.path=" + dir)
        .run(context -> {
          assertThat(context).hasNotFailed().hasSingleBean(DeltaGliderMetrics.class).hasSingleBean(StoreMeters.class);
          assertThat(context.getBeansOfType(MeterBinder.class).values()).as("Actuator binds MeterBinder beans itself")
              .noneMatch(b -> b instanceof DeltaStoreMeterBinder);
          MeterRegistry registry = context.getBean(MeterRegistry.class);
          context.getBean(DeltaStore.class).put("a/b.zip", V1);
          assertThat(registry.get(DeltaGliderMetrics.OPERATIONS).timers()).hasSize(1);
          assertThat(registry.get(DeltaGliderMetrics.OPERATIONS).timer().count()).isEqualTo(1);
          assertThat(registry.get(DeltaStoreMeterBinder.CACHE_SIZE).gauges()).hasSize(1);
          assertThat(registry.get(DeltaStoreMeterBinder.CACHE_SIZE).gauge().value()).isEqualTo(1);
        });
  }

  @Test
  void noStoreUnlessOneIsConfigured() {
    runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
      assertThat(context).hasNotFailed().doesNotHaveBean(DeltaStore.class).doesNotHaveBean(DeltaGliderMetrics.class);
    });
  }

  @Test
  void withoutARegistryOrWithoutMicrometerTheStoreHasNoMeters() {
    runner.withPropertyValues("deltaglider.store.fs.path=" + dir).run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(DeltaStore.class).doesNotHaveBean(DeltaGliderMetrics.class);
    });
    runner.withClassLoader(new FilteredClassLoader("io.micrometer", "io.deltaglider.micrometer"))
        .withPropertyValues("deltaglider.store.fs.path=" + dir).run(context -> {
          assertThat(context).hasNotFailed().hasSingleBean(DeltaStore.class).doesNotHaveBean(DeltaGliderMetrics.class);
          context.getBean(DeltaStore.class).put("a/b.zip", V1);
        });
    runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .withPropertyValues("deltaglider.store.fs.path=" + dir, "deltaglider.store.metrics.enabled=false").run(context -> {
          assertThat(context).hasNotFailed().hasSingleBean(DeltaStore.class).doesNotHaveBean(DeltaGliderMetrics.class);
        });
  }

  @Test
  void theApplicationsBackendIsUsedAndLeftToItToClose() {
    ClosingBackend backend = new ClosingBackend();
    runner.withBean(ClosingBackend.class, () -> backend).run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(DeltaStore.class);
      DeltaStore store = context.getBean(DeltaStore.class);
      assertThat(store.backend()).isSameAs(backend);
      store.put("a/b.zip", V1);
    });
    assertThat(backend.closed).as("closed once, by the context that owns it, not by the store too").hasValue(1);
  }

  @Test
  void customizersAndObserverBeansApplyAndTheStoreClosesWithTheContext() {
    ClosingBackend swapped = new ClosingBackend();
    AtomicInteger seen = new AtomicInteger();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    runner.withPropertyValues("deltaglider.store.fs.path=" + dir)
        .withBean(MeterRegistry.class, () -> registry)
        .withBean(StoreObserver.class, () -> new StoreObserver() {
          @Override
          public void operation(Operation operation, Outcome outcome, long nanos) {
            seen.incrementAndGet();
          }
        })
        .withBean(DeltaStoreBuilderCustomizer.class, () -> b -> b.policy(DeltaPolicy.builder().deltaEligible(DeltaPolicy.everything()).build()).backend(swapped))
        .run(context -> {
          assertThat(context).hasNotFailed();
          DeltaStore store = context.getBean(DeltaStore.class);
          assertThat(store.policy().isDeltaEligible("notes.txt", 100)).isTrue();
          store.put("a/notes.txt", V1);
          assertThat(seen).as("the application's observer").hasValue(1);
          assertThat(registry.get(DeltaGliderMetrics.OPERATIONS).timer().count()).as("and the meters").isEqualTo(1);
          assertThat(swapped.closed).hasValue(0);
        });
    assertThat(swapped.closed).as("the store was closed, and it closed the backend it owns").hasValue(1);
  }

  @Test
  void anS3StoreFromProperties() {
    // Building the client sends no request, so no server is needed to see the bucket wired.
    runner.withPropertyValues("deltaglider.store.s3.bucket=releases", "deltaglider.store.s3.prefix=team",
        "deltaglider.store.s3.endpoint=http://127.0.0.1:9", "deltaglider.store.s3.region=eu-west-1",
        "deltaglider.store.s3.path-style=true").run(context -> {
          assertThat(context).hasNotFailed();
          DeltaStore store = context.getBean(DeltaStore.class);
          assertThat(store.backend()).isInstanceOf(S3Backend.class);
          assertThat(store.backend().describe()).contains("s3://releases/team").contains("http://127.0.0.1:9");
        });
  }

  @Test
  void misconfigurationFailsTheContextWithAMessageThatSaysWhatToDo() {
    runner.withClassLoader(new FilteredClassLoader("io.deltaglider.storage.s3"))
        .withPropertyValues("deltaglider.store.s3.bucket=releases").run(context -> {
          assertThat(context).hasFailed();
          assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("deltaglider-storage-s3");
        });
    runner.withPropertyValues("deltaglider.store.s3.bucket=releases", "deltaglider.store.fs.path=" + dir).run(context -> {
      assertThat(context).hasFailed();
      assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("not both");
    });
  }
}
