package io.deltaglider.spring;

import io.deltaglider.DeltaStore;
import io.deltaglider.DeltaStoreBuilder;
import io.deltaglider.DeltaStoreException;
import io.deltaglider.StoreObserver;
import io.deltaglider.spi.StorageBackend;
import io.deltaglider.storage.fs.FileSystemBackend;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ClassUtils;

/**
 * A {@link DeltaStore} bean, closed with the context, when a store is configured: a directory
 * ({@code deltaglider.store.fs.path}), a bucket ({@code deltaglider.store.s3.bucket}) or a
 * {@link StorageBackend} bean of the application's (which then stays the application's to close).
 * Every {@link StoreObserver} bean observes it ({@link DeltaGliderMetricsAutoConfiguration} adds
 * the Micrometer one), and {@link DeltaStoreBuilderCustomizer} beans adjust the rest.
 */
@AutoConfiguration
@ConditionalOnClass(DeltaStore.class)
@EnableConfigurationProperties(DeltaGliderProperties.class)
public class DeltaGliderAutoConfiguration {
  private static final String S3_BACKEND = "io.deltaglider.storage.s3.S3Backend";

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  @Conditional(StoreConfigured.class)
  DeltaStore deltaStore(DeltaGliderProperties properties, ObjectProvider<StorageBackend> backends,
      ObjectProvider<StoreObserver> observers, ObjectProvider<DeltaStoreBuilderCustomizer> customizers,
      ResourceLoader resources) throws DeltaStoreException {
    DeltaStoreBuilder builder = DeltaStore.builder();
    StorageBackend own = backends.getIfUnique();
    if (own != null) {
      builder.backend(own).closeBackendOnClose(false);
    } else {
      builder.backend(backendFrom(properties, resources.getClassLoader()));
    }
    if (properties.getReferenceCacheSize() != null) {
      builder.referenceCacheBytes(properties.getReferenceCacheSize().toBytes());
    }
    if (properties.getCodecConcurrency() != null) {
      builder.codecConcurrency(properties.getCodecConcurrency());
    }
    if (properties.getTempDirectory() != null) {
      builder.tempDirectory(properties.getTempDirectory());
    }
    List<StoreObserver> all = observers.orderedStream().collect(Collectors.toList());
    if (!all.isEmpty()) {
      builder.observer(all.size() == 1 ? all.get(0) : new StoreObservers(all));
    }
    customizers.orderedStream().forEach(c -> c.customize(builder));
    return builder.build();
  }

  private static StorageBackend backendFrom(DeltaGliderProperties p, ClassLoader loader) throws DeltaStoreException {
    boolean fs = p.getFs().getPath() != null;
    boolean s3 = p.getS3().getBucket() != null;
    if (fs && s3) {
      throw new IllegalStateException("set either deltaglider.store.fs.path or deltaglider.store.s3.bucket, not both");
    }
    if (fs) {
      return FileSystemBackend.open(p.getFs().getPath());
    }
    if (!ClassUtils.isPresent(S3_BACKEND, loader)) {
      throw new IllegalStateException("deltaglider.store.s3.bucket is set, but " + S3_BACKEND
          + " is not on the class path: add the io.deltaglider:deltaglider-storage-s3 dependency");
    }
    // Only touched here, so the S3 classes load only for an S3 store.
    return S3Backends.from(p.getS3());
  }

  /** A store is configured: a directory, a bucket, or a backend bean. */
  static final class StoreConfigured extends AnyNestedCondition {
    StoreConfigured() {
      super(ConfigurationPhase.REGISTER_BEAN);
    }

    @ConditionalOnProperty(prefix = "deltaglider.store.fs", name = "path")
    static final class Directory {}

    @ConditionalOnProperty(prefix = "deltaglider.store.s3", name = "bucket")
    static final class Bucket {}

    @ConditionalOnBean(StorageBackend.class)
    static final class BackendBean {}
  }
}
