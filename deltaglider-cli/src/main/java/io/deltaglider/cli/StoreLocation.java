package io.deltaglider.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where a store lives: a local directory, or an S3 bucket (with an optional key prefix) reached
 * through an endpoint and region. Parsed from {@code --store} / {@code DELTAGLIDER_STORE}.
 *
 * @param directory the local store's directory (absolute), or null for S3
 * @param bucket the S3 bucket, or null: for S3 without a bucket, each store path names its own
 * @param prefix the S3 key prefix ("" or ending with '/')
 */
record StoreLocation(Path directory, String bucket, String prefix) {
  /** The environment variable that names the store when {@code --store} is not given. */
  static final String ENV = "DELTAGLIDER_STORE";
  /** The local store used when nothing names one, relative to the user's home. */
  static final String DEFAULT_DIR = ".deltaglider/store";

  boolean isS3() {
    return directory == null;
  }

  static StoreLocation local(Path dir) {
    return new StoreLocation(dir.toAbsolutePath().normalize(), null, "");
  }

  static StoreLocation s3(String bucket, String prefix) {
    return new StoreLocation(null, bucket, prefix);
  }

  /** The default local store: {@code ~/.deltaglider/store}. */
  static StoreLocation defaultLocal() {
    return local(Path.of(System.getProperty("user.home"), DEFAULT_DIR));
  }

  /**
   * Parses a location: {@code s3://bucket[/prefix]}, {@code s3://} (bucket named by each path), a
   * {@code file:} URL or a plain path.
   */
  static StoreLocation parse(String text) throws CliException {
    if (text == null || text.isBlank()) {
      throw new CliException(ExitCode.USAGE, "empty store location");
    }
    String lower = text.toLowerCase(Locale.ROOT);
    if (lower.startsWith("s3://")) {
      String rest = text.substring(5);
      int slash = rest.indexOf('/');
      String bucket = slash < 0 ? rest : rest.substring(0, slash);
      String prefix = slash < 0 ? "" : rest.substring(slash + 1);
      if (!bucket.isEmpty() && !bucket.matches("[a-z0-9][a-z0-9.\\-_]{1,254}")) {
        throw new CliException(ExitCode.USAGE, "invalid bucket name in store location: " + text);
      }
      if (bucket.isEmpty() && !prefix.isEmpty()) {
        throw new CliException(ExitCode.USAGE, "store location has a prefix but no bucket: " + text);
      }
      while (prefix.startsWith("/")) {
        prefix = prefix.substring(1);
      }
      if (!prefix.isEmpty() && !prefix.endsWith("/")) {
        prefix = prefix + "/";
      }
      return s3(bucket.isEmpty() ? null : bucket, prefix);
    }
    if (lower.startsWith("file:")) {
      try {
        URI uri = new URI(text);
        if (uri.getPath() == null) { // file:relative/path (opaque URI)
          return local(Path.of(uri.getSchemeSpecificPart()));
        }
        if (uri.getAuthority() != null && !uri.getAuthority().isEmpty()
            && !"localhost".equalsIgnoreCase(uri.getAuthority())) {
          throw new CliException(ExitCode.USAGE, "file: store locations must be local: " + text);
        }
        return local(Path.of(uri.getPath()));
      } catch (URISyntaxException e) {
        throw new CliException(ExitCode.USAGE, "invalid store location: " + text, e);
      }
    }
    if (lower.matches("[a-z][a-z0-9+.\\-]*://.*")) {
      throw new CliException(
          ExitCode.USAGE, "unsupported store location (use a directory, file: or s3://): " + text);
    }
    return local(Path.of(text));
  }

  /** How messages name this store. */
  String describe() {
    if (!isS3()) {
      return directory.toString();
    }
    return "s3://" + (bucket == null ? "" : bucket + "/" + prefix);
  }
}
