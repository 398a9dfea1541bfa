package io.deltaglider.spring;

import io.deltaglider.micrometer.DeltaStoreMeterBinder;

/**
 * The store's gauges, bound when created and removed when the context closes. A bean of this type
 * rather than a {@code MeterBinder} bean, which Actuator would bind a second time.
 */
final class StoreMeters implements AutoCloseable {
  private final DeltaStoreMeterBinder binder;

  StoreMeters(DeltaStoreMeterBinder binder) {
    this.binder = binder;
  }

  @Override
  public void close() {
    binder.close();
  }
}
