/**
 * Archive-aware deltas: store compressed archives inflated, and rebuild their exact bytes.
 *
 * <p>So far this package holds the engine that makes rebuilding possible, all package-private: a
 * pure-Java Deflate encoder, {@link io.deltaglider.archive.ZlibDeflater}, whose raw output equals
 * zlib's (1.2.12 to 1.3.1) for every {@link io.deltaglider.archive.DeflateParams level, windowBits,
 * memLevel and strategy}, so a stream zlib made can be recompressed byte for byte on any JVM,
 * whatever zlib (or none) the platform links. It is written from zlib's documented behaviour and
 * its source read as a specification, not ported from it: {@code ZlibDeflater} (window, hash chains
 * and the greedy, lazy, RLE, Huffman-only and stored parsers), {@code BlockWriter} (symbol buffer,
 * block type choice, tree encoding, bit output), {@code HuffmanBuilder} (zlib's tie-breaking and
 * length limiting) and {@code DeflateTables}.
 */
package io.deltaglider.archive;
