package io.deltaglider.examples.spring;

import io.deltaglider.DeltaStore;
import io.deltaglider.examples.ReleaseArchiveService;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * The release archive as a Spring Boot application: {@code deltaglider-spring-boot} builds the
 * {@link DeltaStore} from {@code application.properties} ({@code deltaglider.store.*}), observes it
 * with Micrometer because a {@link MeterRegistry} bean exists, and closes it on shutdown;
 * {@link PublishingRunner} then works it from a pool of threads and prints the meters.
 */
@SpringBootApplication
public class ReleaseArchiveApplication {
  /**
   * The registry the store's meters go to. A service with {@code spring-boot-starter-actuator} gets
   * one from Actuator instead (Prometheus's, with {@code micrometer-registry-prometheus}, served at
   * {@code /actuator/prometheus}) and declares none.
   */
  @Bean
  MeterRegistry meterRegistry() {
    return new SimpleMeterRegistry();
  }

  /** The service, on the auto-configured store (which the context, not the service, closes). */
  @Bean
  ReleaseArchiveService releaseArchiveService(DeltaStore store, MeterRegistry registry) {
    return new ReleaseArchiveService(store, registry);
  }

  /** Starts the application; arguments override properties ({@code --deltaglider.store.fs.path=...}). */
  public static void main(String[] args) {
    SpringApplication.run(ReleaseArchiveApplication.class, args).close();
  }
}
