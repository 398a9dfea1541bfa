package io.deltaglider.vcdiff;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Forked by {@link VcdiffEncoderLargeFileTest}: {@code SOURCE TARGET DELTA WINDOW BUDGET}. */
public final class LargeFileEncode {
  public static void main(String[] a) throws Exception {
    VcdiffEncoder enc = VcdiffEncoder.builder().windowSize(Integer.parseInt(a[3]))
        .sourceIndexBudget(Long.parseLong(a[4])).build();
    try (SourceData s = SourceData.open(Path.of(a[0]));
        InputStream in = new BufferedInputStream(Files.newInputStream(Path.of(a[1])), 1 << 16);
        OutputStream out = new BufferedOutputStream(Files.newOutputStream(Path.of(a[2])), 1 << 16)) {
      System.out.println(enc.encode(s, in, out));
    }
  }
}
