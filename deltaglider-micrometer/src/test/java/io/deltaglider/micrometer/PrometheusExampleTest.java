package io.deltaglider.micrometer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.DeltaStore;
import io.deltaglider.spi.InMemoryBackend;
import io.deltaglider.vcdiff.testing.TestData;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

/** The module README's Prometheus example, compiled and run: what a scrape shows. */
class PrometheusExampleTest {
  @Test
  void theReadmeExampleScrapesTheStoresMeters() throws Exception {
    byte[] v1 = TestData.random(7, 100_000);
    byte[] v2 = TestData.edited(v1, 8, 5, 50, false);

    // --- as in README.md
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    DeltaGliderMetrics metrics = new DeltaGliderMetrics(registry, Tags.of("store", "releases"));
    try (DeltaStore store = DeltaStore.builder().backend(new InMemoryBackend()).observer(metrics).build()) {
      metrics.bindTo(store);
      store.put("releases/app/app-1.0.zip", v1);
      store.put("releases/app/app-1.1.zip", v2);
      assertArrayEquals(v2, store.get("releases/app/app-1.1.zip"));
      String scrape = registry.scrape(); // what GET /metrics returns, in the Prometheus text format
      // ---

      assertHas(scrape, "deltaglider_operations_seconds_count{operation=\"put\",outcome=\"success\",store=\"releases\"} 2");
      assertHas(scrape, "deltaglider_operations_seconds_count{operation=\"get\",outcome=\"success\",store=\"releases\"} 1");
      assertHas(scrape, "deltaglider_put_bytes_total{form=\"delta\",kind=\"original\",store=\"releases\"} "
          + (double) (v1.length + v2.length));
      assertHas(scrape, "deltaglider_codec_seconds_count{direction=\"encode\",store=\"releases\"} 1");
      assertHas(scrape, "deltaglider_store_puts_total{form=\"delta\",store=\"releases\"} 2");
      assertHas(scrape, "deltaglider_reference_cache_size{store=\"releases\"} 1");
      assertHas(scrape, "deltaglider_integrity_failures_total{store=\"releases\"} 0.0");
      assertHas(scrape, "deltaglider_store_reference_creations_total{store=\"releases\"} 1.0");
      assertHas(scrape, "deltaglider_store_saved_bytes_total{store=\"releases\"} ");
    }
  }

  private static void assertHas(String scrape, String line) {
    assertTrue(scrape.contains(line), () -> "no line starting with " + line + " in:\n" + scrape);
  }
}
