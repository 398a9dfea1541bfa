/**
 * Archive-aware transforms: a gzip, zip/jar or tar file (nested ones too) expanded into a form in
 * which each deflate stream that can be compressed back exactly is replaced by its inflated bytes,
 * plus a small recipe; the exact inverse; and the replay of a form from the archive and its
 * layout, which pins a form whatever later versions of expand make of the archive. A delta between
 * the expanded forms of two releases is a fraction of the delta between the files. The layouts are
 * specified in the repository's {@code FORMAT.md}, section 9.
 *
 * <p>The public API is {@link io.deltaglider.archive.ArchiveTransforms}, its
 * {@link io.deltaglider.archive.ArchiveLimits}, the {@link io.deltaglider.archive.ExpandResult} of an
 * expand, and {@link io.deltaglider.archive.ArchiveFormatException}, which every malformed form or
 * recipe ends in. Everything else is a package-private engine: the container parsers (gzip, zip,
 * tar), the stream expander and its settings search, the record writer, the rebuilder.
 *
 * <p>What makes rebuilding possible on any machine is {@code ZlibDeflater}, a pure-Java Deflate
 * encoder whose raw output equals zlib's (1.2.12 to 1.3.1) for every level, windowBits, memLevel and
 * strategy ({@code DeflateParams}), so a stream zlib made is recompressed byte for byte whatever
 * zlib (or none) the platform links. It is written from zlib's documented behaviour and its source
 * read as a specification, not ported from it: {@code ZlibDeflater} (the stored blocks of level 0),
 * {@code DeflateWindow} (window, hash chains, match search) with a parser per zlib loop
 * ({@code GreedyParser}, {@code LazyParser}, {@code RleParser}, {@code HuffmanOnlyParser}),
 * {@code BlockWriter} (symbol buffer, block type choice, tree encoding, bit output),
 * {@code HuffmanBuilder} (zlib's tie-breaking and length limiting) and {@code DeflateTables}.
 * {@code WrappedDeflater} puts the same stream in the zlib (RFC 1950) or gzip (RFC 1952) wrapper as
 * zlib writes it ({@code GzipHeader} for gzip's header); the stored format only ever holds raw
 * streams.
 */
package io.deltaglider.archive;
