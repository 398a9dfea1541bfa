package io.deltaglider.vcdiff;

import io.deltaglider.vcdiff.testing.RawWindows;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.Supplier;

/**
 * Deltas xdelta3 3.0.11 wrote for one 60,000-byte text, kept under {@code
 * src/test/resources/secondary/} so that tests can run without xdelta3: {@code text-*} is one
 * window, {@code text-w16k-*} four windows ({@code -W 16384}); {@code -none} is the same delta
 * without secondary compression (the expected sections); {@code djw} has one code table per
 * section, {@code djw9} up to eight.
 */
final class DjwFgkSamples {
  private DjwFgkSamples() {}

  static final String[] COMPRESSED = {
    "text-djw", "text-djw9", "text-fgk", "text-w16k-djw", "text-w16k-djw9", "text-w16k-fgk"
  };

  static RawWindows load(String name) {
    String path = "/secondary/" + name + ".vcdiff";
    try (InputStream in = DjwFgkSamples.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + path);
      }
      return RawWindows.parse(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The {@code -S none} counterpart of a sample. */
  static RawWindows plain(String name) {
    return load(name.substring(0, name.lastIndexOf('-')) + "-none");
  }

  static Supplier<SecondaryDecoder> factory(String name) {
    return name.endsWith("fgk") ? FgkDecoder::new : DjwDecoder::new;
  }
}
