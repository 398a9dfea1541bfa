package io.deltaglider.vcdiff;

import java.util.Optional;

/** What a successful decode found in the delta and wrote. */
public final class DecodeResult {
  private final byte[] applicationHeader;
  private final long targetLength;
  private final int windowCount;
  private final SecondaryCompression secondary;
  private final boolean openVcdiffFormat;

  DecodeResult(
      byte[] applicationHeader,
      long targetLength,
      int windowCount,
      SecondaryCompression secondary,
      boolean openVcdiffFormat) {
    this.applicationHeader = applicationHeader;
    this.targetLength = targetLength;
    this.windowCount = windowCount;
    this.secondary = secondary;
    this.openVcdiffFormat = openVcdiffFormat;
  }

  /**
   * The application header (xdelta3 writes {@code target//source/} names there), as opaque bytes;
   * empty if the delta has none.
   */
  public Optional<byte[]> applicationHeader() {
    return Optional.ofNullable(applicationHeader).map(byte[]::clone);
  }

  /** Bytes written to the target. */
  public long targetLength() {
    return targetLength;
  }

  /** Number of windows the delta held (an empty target is still written as one window). */
  public int windowCount() {
    return windowCount;
  }

  /** The secondary compressor named in the header ({@link SecondaryCompression#NONE} if none). */
  public SecondaryCompression secondaryCompression() {
    return secondary;
  }

  /** True for open-vcdiff's extended format (version byte {@code 'S'}). */
  public boolean openVcdiffFormat() {
    return openVcdiffFormat;
  }

  @Override
  public String toString() {
    return "DecodeResult[targetLength=" + targetLength + ", windows=" + windowCount
        + ", secondary=" + secondary + ", appHeader=" + (applicationHeader == null ? 0 : applicationHeader.length)
        + " bytes" + (openVcdiffFormat ? ", open-vcdiff format" : "") + "]";
  }
}
