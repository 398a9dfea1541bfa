package io.deltaglider.examples;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Made-up release artifacts, so the example needs no downloads: each version of a product is the
 * previous one with a few small edits and a little appended, as successive builds of an archive
 * mostly are. Deterministic: the same product and version give the same bytes.
 */
public final class Releases {
  private Releases() {}

  /** The key a version is stored under: {@code releases/PRODUCT/PRODUCT-1.VERSION.zip}. */
  public static String key(String product, int version) {
    return "releases/" + product + "/" + product + "-1." + version + ".zip";
  }

  /** Version {@code version} (0 for the first) of {@code product}, about {@code size} bytes. */
  public static byte[] version(String product, int version, int size) {
    Random random = new Random(product.hashCode());
    byte[] content = new byte[size];
    random.nextBytes(content);
    for (int v = 1; v <= version; v++) {
      content = next(content, random);
    }
    return content;
  }

  private static byte[] next(byte[] previous, Random random) {
    byte[] appended = ("release notes " + random.nextLong() + "\n").getBytes(StandardCharsets.US_ASCII);
    byte[] next = new byte[previous.length + appended.length];
    System.arraycopy(previous, 0, next, 0, previous.length);
    System.arraycopy(appended, 0, next, previous.length, appended.length);
    for (int edit = 0; edit < 8; edit++) {
      int at = random.nextInt(previous.length - 64);
      for (int i = 0; i < 1 + random.nextInt(64); i++) {
        next[at + i] = (byte) random.nextInt();
      }
    }
    return next;
  }
}
