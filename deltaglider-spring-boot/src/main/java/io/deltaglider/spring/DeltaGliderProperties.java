package io.deltaglider.spring;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The {@code deltaglider.store.*} properties: where the store is (a directory or an S3 bucket),
 * its cache and codec limits, and its meters.
 *
 * <pre>
 * deltaglider.store.fs.path=/var/lib/releases
 * # or: deltaglider.store.s3.bucket=releases, .endpoint=http://127.0.0.1:9000, .region=..., .path-style=true
 * deltaglider.store.reference-cache-size=256MB
 * deltaglider.store.codec-concurrency=2
 * deltaglider.store.metrics.tags.store=releases
 * </pre>
 */
@ConfigurationProperties(prefix = "deltaglider.store")
public class DeltaGliderProperties {
  private final Fs fs = new Fs();
  private final S3 s3 = new S3();
  private final Metrics metrics = new Metrics();
  /** Heap for verified references kept between calls; 0 turns the cache off. Default: the store's, 128MB. */
  private DataSize referenceCacheSize;
  /** How many encodes and decodes may run at once. Default: the store's, the number of processors. */
  private Integer codecConcurrency;
  /** Where large objects are spooled and rebuilt. Default: the system temp directory. */
  private Path tempDirectory;

  public Fs getFs() {
    return fs;
  }

  public S3 getS3() {
    return s3;
  }

  public Metrics getMetrics() {
    return metrics;
  }

  public DataSize getReferenceCacheSize() {
    return referenceCacheSize;
  }

  public void setReferenceCacheSize(DataSize referenceCacheSize) {
    this.referenceCacheSize = referenceCacheSize;
  }

  public Integer getCodecConcurrency() {
    return codecConcurrency;
  }

  public void setCodecConcurrency(Integer codecConcurrency) {
    this.codecConcurrency = codecConcurrency;
  }

  public Path getTempDirectory() {
    return tempDirectory;
  }

  public void setTempDirectory(Path tempDirectory) {
    this.tempDirectory = tempDirectory;
  }

  /** A store in a local directory ({@code deltaglider-storage-fs}). */
  public static class Fs {
    /** The store's directory, created if missing. */
    private Path path;

    public Path getPath() {
      return path;
    }

    public void setPath(Path path) {
      this.path = path;
    }
  }

  /** A store in an S3 bucket ({@code deltaglider-storage-s3} on the class path); credentials from the AWS default chain. */
  public static class S3 {
    /** The bucket. */
    private String bucket;
    /** A root prefix for every key. */
    private String prefix = "";
    /** An S3-compatible server's URL; unset for AWS. */
    private URI endpoint;
    /** The region; unset for the AWS default (us-east-1 when an endpoint is set). */
    private String region;
    /** Path-style requests (most S3-compatible servers want them). */
    private boolean pathStyle;

    public String getBucket() {
      return bucket;
    }

    public void setBucket(String bucket) {
      this.bucket = bucket;
    }

    public String getPrefix() {
      return prefix;
    }

    public void setPrefix(String prefix) {
      this.prefix = prefix;
    }

    public URI getEndpoint() {
      return endpoint;
    }

    public void setEndpoint(URI endpoint) {
      this.endpoint = endpoint;
    }

    public String getRegion() {
      return region;
    }

    public void setRegion(String region) {
      this.region = region;
    }

    public boolean isPathStyle() {
      return pathStyle;
    }

    public void setPathStyle(boolean pathStyle) {
      this.pathStyle = pathStyle;
    }
  }

  /** The store's meters, registered when a MeterRegistry bean and {@code deltaglider-micrometer} are present. */
  public static class Metrics {
    /** Whether to register the store's meters. */
    private boolean enabled = true;
    /** Tags on every meter, e.g. {@code store=releases}. */
    private Map<String, String> tags = new LinkedHashMap<>();

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public Map<String, String> getTags() {
      return tags;
    }

    public void setTags(Map<String, String> tags) {
      this.tags = tags;
    }
  }
}
