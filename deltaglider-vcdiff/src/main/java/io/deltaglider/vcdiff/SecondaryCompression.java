package io.deltaglider.vcdiff;

/**
 * Secondary compressors of the xdelta3 dialect, applied to a window's sections (the repository's
 * {@code FORMAT.md}, section 7.4). The decoder reads all of them; the encoder writes {@link #NONE}
 * and {@link #LZMA}.
 */
public enum SecondaryCompression {
  /** Sections stored as they are. */
  NONE(0),
  /** xdelta3's semi-static Huffman coder ({@code -S djw}). */
  DJW(Constants.SEC_DJW),
  /** LZMA2 in a persistent .xz stream per section kind ({@code -S lzma}, xdelta3's default). */
  LZMA(Constants.SEC_LZMA),
  /** xdelta3's adaptive Huffman coder ({@code -S fgk}). */
  FGK(Constants.SEC_FGK);

  private final int id;

  SecondaryCompression(int id) {
    this.id = id;
  }

  /** The compressor id written after VCD_DECOMPRESS in the file header; 0 for {@link #NONE}. */
  public int id() {
    return id;
  }

  /** The compressor for an id read from a header, or {@code null} if the id is unknown. */
  static SecondaryCompression forId(int id) {
    for (SecondaryCompression c : values()) {
      if (c != NONE && c.id == id) {
        return c;
      }
    }
    return null;
  }
}
