package io.deltaglider.vcdiff;

/** The VCDIFF file header as this encoder writes it: magic, version 0, secondary compressor, app header. */
final class FileHeader {
  private FileHeader() {}

  static void write(ByteSink header, boolean lzma, byte[] appHeader) {
    header.write(Constants.MAGIC0);
    header.write(Constants.MAGIC1);
    header.write(Constants.MAGIC2);
    header.write(Constants.VERSION_RFC);
    int ind = 0;
    if (lzma) {
      ind |= Constants.VCD_DECOMPRESS;
    }
    if (appHeader != null) {
      ind |= Constants.VCD_APPHEADER;
    }
    header.write(ind);
    if (lzma) {
      header.write(Constants.SEC_LZMA);
    }
    if (appHeader != null) {
      header.writeVarint(appHeader.length);
      header.write(appHeader, 0, appHeader.length);
    }
  }
}
