package io.deltaglider.examples;

import io.deltaglider.DeltaStoreBuilder;
import io.deltaglider.DeltaStoreException;
import io.deltaglider.DeltaStore;
import io.deltaglider.storage.fs.FileSystemBackend;
import io.micrometer.core.instrument.Tag;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the {@code deltaglider.store.*} keys of a properties file into a store builder: the same
 * keys, and the same size syntax ({@code 64MB}), as the Spring Boot auto-configuration's.
 */
final class StoreSettings {
  static final String PREFIX = "deltaglider.store.";
  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KB|MB|GB|TB)?");

  private StoreSettings() {}

  /** A builder with the backend and limits the properties name; the caller adds an observer and builds. */
  static DeltaStoreBuilder builder(Properties p) throws DeltaStoreException {
    String path = p.getProperty(PREFIX + "fs.path");
    if (path == null || path.isBlank()) {
      throw new IllegalArgumentException(PREFIX + "fs.path is required: the store's directory");
    }
    DeltaStoreBuilder b = DeltaStore.builder().backend(FileSystemBackend.open(Path.of(path.trim())));
    String cache = p.getProperty(PREFIX + "reference-cache-size");
    if (cache != null) {
      b.referenceCacheBytes(dataSize(cache));
    }
    String codecs = p.getProperty(PREFIX + "codec-concurrency");
    if (codecs != null) {
      b.codecConcurrency(Integer.parseInt(codecs.trim()));
    }
    String temp = p.getProperty(PREFIX + "temp-directory");
    if (temp != null) {
      b.tempDirectory(Path.of(temp.trim()));
    }
    return b;
  }

  /** The meter tags, from {@code deltaglider.store.metrics.tags.NAME=VALUE}. */
  static List<Tag> tags(Properties p) {
    String prefix = PREFIX + "metrics.tags.";
    List<Tag> tags = new ArrayList<>();
    for (String name : p.stringPropertyNames()) {
      if (name.startsWith(prefix)) {
        tags.add(Tag.of(name.substring(prefix.length()), p.getProperty(name).trim()));
      }
    }
    return tags;
  }

  /** {@code 1048576}, {@code 1024KB}, {@code 1MB}: bytes, with binary multiples as Spring's DataSize reads them. */
  static long dataSize(String text) {
    Matcher m = SIZE.matcher(text.trim().toUpperCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException("not a size: '" + text + "' (e.g. 64MB)");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "B" : m.group(2);
    int shift = "BKMGT".indexOf(unit.charAt(0)) * 10;
    return Math.multiplyExact(n, 1L << shift);
  }

  /** An int setting of the example itself, or its default. */
  static int intValue(Properties p, String key, int otherwise) {
    String v = p.getProperty(key);
    return v == null ? otherwise : Integer.parseInt(v.trim());
  }
}
