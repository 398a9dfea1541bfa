/**
 * Spring Boot auto-configuration of a {@link io.deltaglider.DeltaStore}: a bean from the
 * {@code deltaglider.store.*} properties ({@link io.deltaglider.spring.DeltaGliderProperties}),
 * closed with the context, observed by Micrometer when the application has a registry
 * ({@link io.deltaglider.spring.DeltaGliderMetricsAutoConfiguration}), and adjustable through
 * {@link io.deltaglider.spring.DeltaStoreBuilderCustomizer} beans.
 */
package io.deltaglider.spring;
