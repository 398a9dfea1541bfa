/**
 * The storage SPI: what a backend implements ({@link io.deltaglider.spi.StorageBackend}, a
 * deliberately dumb key/bytes/metadata interface, and its value types), and the definitions the
 * store and every backend share: metadata names ({@link io.deltaglider.spi.MetadataNames}), key
 * rules ({@link io.deltaglider.spi.KeyRules}) and storage-full classification
 * ({@link io.deltaglider.spi.StorageFull}). {@link io.deltaglider.spi.InMemoryBackend} is the
 * reference implementation. A backend is held to the contract suite of the
 * {@code deltaglider-testkit} artifact.
 */
package io.deltaglider.spi;
