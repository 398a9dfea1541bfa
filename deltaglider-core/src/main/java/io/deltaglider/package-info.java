/**
 * DeltaGlider's delta store: the API applications call.
 *
 * <p>{@link io.deltaglider.DeltaStore} is what applications call: {@code put} / {@code get} /
 * {@code open} / {@code copyTo} / {@code list} / {@code stats} / {@code verify}. It keeps the
 * first delta-eligible object of each deltaspace (a key's parent path) as {@code reference.bin}
 * and every object as a VCDIFF delta against it, or whole when that does not pay off
 * ({@link io.deltaglider.DeltaPolicy}); every read is verified against the object's SHA-256
 * before a byte is returned. Built with {@link io.deltaglider.DeltaStoreBuilder#archiveAware}, it
 * also tries archive-aware deltas (between archives with their deflate streams inflated);
 * {@link io.deltaglider.ArchivePatch} makes the same deltas between files.
 *
 * <p>Storage plugs in through {@link io.deltaglider.spi.StorageBackend} (package
 * {@code io.deltaglider.spi}); the filesystem and S3 backends live in their own modules. All
 * failures are checked {@link io.deltaglider.DeltaStoreException}s with specific subclasses.
 *
 * <p>Everything else in this package is package-private machinery (see ARCHITECTURE.md).
 */
package io.deltaglider;
