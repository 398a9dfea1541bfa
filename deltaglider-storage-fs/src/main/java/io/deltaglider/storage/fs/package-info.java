/**
 * A crash-safe local directory {@link io.deltaglider.StorageBackend}:
 * {@link io.deltaglider.storage.fs.FileSystemBackend}, laid out like the DeltaGlider proxy's
 * filesystem backend (metadata as JSON in the extended attribute {@code user.dg.metadata}).
 */
package io.deltaglider.storage.fs;
