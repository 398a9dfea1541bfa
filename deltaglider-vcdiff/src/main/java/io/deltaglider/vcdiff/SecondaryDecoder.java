package io.deltaglider.vcdiff;

/**
 * Undoes one secondary compressor for one section kind (data, instructions or addresses) of one
 * delta file. A decoder instance sees that kind's sections of every window in order, so a
 * compressor whose state carries across windows keeps it in fields. Not thread-safe.
 */
interface SecondaryDecoder {

  /**
   * Decompresses one window's section.
   *
   * @param in compressed bytes, exactly {@code in[inOff, inOff + inLen)} (the uncompressed-size
   *     varint that precedes them in the delta has already been read)
   * @param out receives exactly {@code outLen} bytes at {@code out[0, outLen)}; a decoder whose
   *     output can be much larger than its input may accept a shorter array and enlarge it as output
   *     appears, so a lying {@code outLen} costs no memory ahead of the output
   * @param deltaOffset offset of {@code in[inOff]} in the delta file, for error messages
   * @return the array holding the output: {@code out}, or the larger one it was copied into
   * @throws VcdiffException if the input is malformed, ends early, or does not decode to exactly
   *     {@code outLen} bytes, or if the heap cannot hold them
   */
  byte[] decode(byte[] in, int inOff, int inLen, byte[] out, int outLen, long deltaOffset)
      throws VcdiffException;
}
