package io.deltaglider.spring;

import io.deltaglider.DeltaStore;
import io.deltaglider.micrometer.DeltaGliderMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * The store's Micrometer meters, when {@code deltaglider-micrometer} is on the class path and the
 * application has a {@link MeterRegistry} bean (Actuator's, or its own) and a {@link DeltaStore}:
 * {@link DeltaGliderMetrics} as the store's observer, and its gauges bound to the registry.
 * Ordered after Actuator's registry configurations, named rather than referenced, so that Actuator
 * stays optional. {@code deltaglider.store.metrics.enabled=false} turns it off.
 */
@AutoConfiguration(after = DeltaGliderAutoConfiguration.class, afterName = {
    "org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration",
    "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration"})
@ConditionalOnClass({MeterRegistry.class, DeltaGliderMetrics.class})
@ConditionalOnBean({MeterRegistry.class, DeltaStore.class})
@ConditionalOnProperty(prefix = "deltaglider.store.metrics", name = "enabled", matchIfMissing = true)
public class DeltaGliderMetricsAutoConfiguration {
  @Bean
  @ConditionalOnMissingBean
  DeltaGliderMetrics deltaGliderMetrics(MeterRegistry registry, DeltaGliderProperties properties) {
    List<Tag> tags = properties.getMetrics().getTags().entrySet().stream()
        .map(e -> Tag.of(e.getKey(), e.getValue())).collect(Collectors.toList());
    return new DeltaGliderMetrics(registry, tags);
  }

  /** The store's gauges, bound now; removed from the registry with the context. */
  @Bean(destroyMethod = "close")
  StoreMeters deltaGliderStoreMeters(DeltaGliderMetrics metrics, DeltaStore store) {
    return new StoreMeters(metrics.bindTo(store));
  }
}
