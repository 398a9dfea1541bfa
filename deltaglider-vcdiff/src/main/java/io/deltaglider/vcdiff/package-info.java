/**
 * A clean-room VCDIFF (RFC 3284) codec in the dialect of xdelta3.
 *
 * <p>The public API is small: {@link io.deltaglider.vcdiff.VcdiffEncoder} and
 * {@link io.deltaglider.vcdiff.VcdiffDecoder} (immutable, thread-safe, built with builders),
 * {@link io.deltaglider.vcdiff.SourceData} for random access to the source (byte array or
 * memory-mapped file), {@link io.deltaglider.vcdiff.DecodeResult},
 * {@link io.deltaglider.vcdiff.DecodeProgress} for watching an in-memory decode, the
 * {@link io.deltaglider.vcdiff.SecondaryCompression} choices, and
 * {@link io.deltaglider.vcdiff.VcdiffException}, which every malformed or hostile delta ends in.
 * Everything else in this package is a package-private engine: window decoding, instruction
 * execution, the address cache, the code table, LZMA/DJW/FGK section decoders, the matcher.
 *
 * <p>Deltas written here decode with {@code xdelta3 -d} (3.0.11 and later); deltas written by
 * xdelta3 (any level, {@code -S none|lzma|djw|fgk}, {@code -n}, {@code -A}) and by open-vcdiff
 * (plain and its extended {@code 'S'} format) decode here. The repository's {@code FORMAT.md},
 * section 7, describes this dialect: what is written and what is accepted.
 */
package io.deltaglider.vcdiff;
