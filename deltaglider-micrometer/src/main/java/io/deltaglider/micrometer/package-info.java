/**
 * Micrometer meters for a {@link io.deltaglider.DeltaStore}:
 * {@link io.deltaglider.micrometer.DeltaGliderMetrics} observes its calls (operations by kind and
 * outcome, bytes given and stored, codec time and bytes, integrity failures, backend errors) and
 * binds its counters and reference cache as gauges through
 * {@link io.deltaglider.micrometer.DeltaStoreMeterBinder}.
 *
 * <pre>{@code
 * DeltaGliderMetrics metrics = new DeltaGliderMetrics(registry, Tags.of("store", "releases"));
 * DeltaStore store = DeltaStore.builder().backend(backend).observer(metrics).build();
 * metrics.bindTo(store);
 * }</pre>
 *
 * <p>The store itself never needs Micrometer: only this module depends on it.
 */
package io.deltaglider.micrometer;
