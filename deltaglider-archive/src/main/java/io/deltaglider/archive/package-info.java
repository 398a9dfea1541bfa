/**
 * Archive-aware transforms: a gzip, zip/jar or tar file (nested ones too) expanded into a form in
 * which each deflate stream that can be compressed back exactly is replaced by its inflated bytes,
 * plus a small recipe; and the exact inverse. A delta between the expanded forms of two releases
 * is a fraction of the delta between the files. The layout is specified in the repository's
 * {@code FORMAT.md}, section 9 (a draft).
 *
 * <p>The public API is {@link io.deltaglider.archive.ArchiveTransforms}, its
 * {@link io.deltaglider.archive.ArchiveLimits}, the {@link io.deltaglider.archive.ExpandResult} of an
 * expand, and {@link io.deltaglider.archive.ArchiveFormatException}, which every malformed form or
 * recipe ends in. Everything else is a package-private engine: the container parsers (gzip, zip,
 * tar), the stream expander and its settings search, the record writer, the rebuilder.
 */
package io.deltaglider.archive;
