package io.deltaglider.proxy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The access keys an {@link S3Gateway} accepts (AWS Signature V4), each optionally limited to some
 * buckets. Immutable.
 *
 * <p>The credentials file ({@link #fromFile}) has one key per line: the access key id, the secret
 * access key and, optionally, the buckets the key may use, separated by commas; fields are
 * separated by white space, {@code #} starts a comment line:
 *
 * <pre>
 * # id                  secret                                    buckets (optional)
 * AKIAEXAMPLEADMIN      wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
 * AKIAEXAMPLECI         je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY  releases,nightly
 * </pre>
 */
public final class GatewayCredentials {
  private static final GatewayCredentials NONE = new GatewayCredentials(Map.of());

  private final Map<String, AccessKey> keys;

  private GatewayCredentials(Map<String, AccessKey> keys) {
    this.keys = keys;
  }

  /** No keys: only anonymous requests, if the gateway allows them, are served. */
  public static GatewayCredentials none() {
    return NONE;
  }

  /** A single key that may use every bucket. */
  public static GatewayCredentials of(String accessKeyId, String secretAccessKey) {
    return NONE.with(accessKeyId, secretAccessKey);
  }

  /**
   * The key pair in {@code AWS_ACCESS_KEY_ID} and {@code AWS_SECRET_ACCESS_KEY} of the given
   * environment, or {@link #none()} if either is missing or empty.
   */
  public static GatewayCredentials fromEnvironment(Map<String, String> environment) {
    String id = environment.get("AWS_ACCESS_KEY_ID");
    String secret = environment.get("AWS_SECRET_ACCESS_KEY");
    if (id == null || id.isBlank() || secret == null || secret.isEmpty()) {
      return NONE;
    }
    return of(id.strip(), secret);
  }

  /**
   * Reads a credentials file (format in the class comment).
   *
   * @throws IOException if it cannot be read
   * @throws IllegalArgumentException if a line is malformed or a key id appears twice (the message
   *     names the line, never a secret)
   */
  public static GatewayCredentials fromFile(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    GatewayCredentials c = NONE;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\\s+");
      if (f.length < 2 || f.length > 3) {
        throw new IllegalArgumentException(file + " line " + (i + 1)
            + ": expected ACCESS_KEY_ID SECRET_ACCESS_KEY [BUCKET,...]");
      }
      if (c.keys.containsKey(f[0])) {
        throw new IllegalArgumentException(file + " line " + (i + 1) + ": access key " + f[0] + " appears twice");
      }
      c = f.length == 2 ? c.with(f[0], f[1])
          : c.with(f[0], f[1], Arrays.stream(f[2].split(",")).filter(b -> !b.isEmpty()).toList());
    }
    return c;
  }

  /** A copy with one more key (replacing one of the same id) that may use every bucket. */
  public GatewayCredentials with(String accessKeyId, String secretAccessKey) {
    return add(new AccessKey(check(accessKeyId), Objects.requireNonNull(secretAccessKey, "secretAccessKey"), null));
  }

  /** A copy with one more key (replacing one of the same id) limited to the given buckets. */
  public GatewayCredentials with(String accessKeyId, String secretAccessKey, Collection<String> buckets) {
    Set<String> b = Set.copyOf(new LinkedHashSet<>(buckets));
    return add(new AccessKey(check(accessKeyId), Objects.requireNonNull(secretAccessKey, "secretAccessKey"), b));
  }

  private static String check(String id) {
    if (Objects.requireNonNull(id, "accessKeyId").isEmpty() || !id.chars().allMatch(c -> c > 0x20 && c < 0x7F && c != '/')) {
      throw new IllegalArgumentException("an access key id is printable ASCII without spaces or '/': " + id);
    }
    return id;
  }

  private GatewayCredentials add(AccessKey k) {
    Map<String, AccessKey> m = new LinkedHashMap<>(keys);
    m.put(k.id(), k);
    return new GatewayCredentials(Map.copyOf(m));
  }

  /** True if there is no key. */
  public boolean isEmpty() {
    return keys.isEmpty();
  }

  /** The access key ids, without their secrets. */
  public Set<String> accessKeyIds() {
    return keys.keySet();
  }

  Optional<AccessKey> lookup(String accessKeyId) {
    return Optional.ofNullable(keys.get(accessKeyId));
  }

  @Override
  public String toString() {
    return "GatewayCredentials" + keys.values();
  }
}
