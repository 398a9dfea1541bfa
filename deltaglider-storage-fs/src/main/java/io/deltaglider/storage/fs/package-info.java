/**
 * A crash-safe local directory {@link io.deltaglider.spi.StorageBackend}:
 * {@link io.deltaglider.storage.fs.FileSystemBackend}, laid out like the DeltaGlider proxy's
 * filesystem backend (metadata as JSON in the extended attribute {@code user.dg.metadata}, in the
 * proxy's field names and types, which the proxy reads; core's {@code dg-*} JSON of older versions
 * still reads).
 */
package io.deltaglider.storage.fs;
