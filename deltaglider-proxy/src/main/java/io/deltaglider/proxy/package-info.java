/**
 * An S3-compatible HTTP endpoint in front of a {@link io.deltaglider.DeltaStore}: {@link
 * io.deltaglider.proxy.S3Gateway}. Everything else in this package is the gateway's engine and
 * package-private.
 */
package io.deltaglider.proxy;
