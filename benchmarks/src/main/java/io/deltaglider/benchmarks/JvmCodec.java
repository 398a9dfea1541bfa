package io.deltaglider.benchmarks;

/**
 * An in-JVM delta codec working on byte arrays. Implementations must be stateless or create their
 * state per call: the worker may call {@link #encode} several times (warm-up, then the timed run).
 * Our own {@code io.deltaglider.vcdiff} codec slots in here once it lands.
 */
public interface JvmCodec extends Codec {
  byte[] encode(byte[] source, byte[] target) throws Exception;

  /** {@code targetSize} is the expected output size (peers that need it up front may use it). */
  byte[] decode(byte[] source, byte[] delta, long targetSize) throws Exception;

  @Override
  default String kind() {
    return "jvm";
  }
}
