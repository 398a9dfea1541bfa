package io.deltaglider.spring;

import io.deltaglider.DeltaStoreBuilder;

/**
 * A bean that adjusts the auto-configured store's builder after the properties were applied: a
 * {@link io.deltaglider.DeltaPolicy}, an encoder, anything the properties do not cover.
 *
 * <pre>{@code
 * @Bean
 * DeltaStoreBuilderCustomizer everythingAsDeltas() {
 *   return builder -> builder.policy(DeltaPolicy.builder().deltaEligible(DeltaPolicy.everything()).build());
 * }
 * }</pre>
 */
@FunctionalInterface
public interface DeltaStoreBuilderCustomizer {
  /** Adjusts {@code builder}; its backend is already set. */
  void customize(DeltaStoreBuilder builder);
}
