package io.deltaglider.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An in-JVM delta codec. The runner calls it in a forked worker JVM ({@link CodecWorker}).
 * Implementations must be stateless or create their state per call: the worker may call it several
 * times (warm-up, then the timed run). Our own {@code io.deltaglider.vcdiff} codec slots in here
 * once it lands; for the 1 GiB pair within {@code -Xmx512m} it streams files ({@link
 * #streamsFiles()}) and asks for its heap ({@link #workerHeap(Pair)}).
 */
public interface JvmCodec extends Codec {
  byte[] encode(byte[] source, byte[] target) throws Exception;

  /** {@code targetSize} is the expected output size (peers that need it up front may use it). */
  byte[] decode(byte[] source, byte[] delta, long targetSize) throws Exception;

  /**
   * True when the codec reads and writes files itself: the worker then calls {@link #encodeFiles}
   * and {@link #decodeFiles} (timed including their I/O) and never loads the inputs into arrays.
   */
  default boolean streamsFiles() {
    return false;
  }

  default void encodeFiles(Path source, Path target, Path delta) throws Exception {
    Files.write(delta, encode(Files.readAllBytes(source), Files.readAllBytes(target)));
  }

  default void decodeFiles(Path source, Path delta, Path out, long targetSize) throws Exception {
    Files.write(out, decode(Files.readAllBytes(source), Files.readAllBytes(delta), targetSize));
  }

  /** The worker's {@code -Xmx} for this pair (such as {@code "512m"}), or null for the default. */
  default String workerHeap(Pair pair) {
    return null;
  }

  @Override
  default String kind() {
    return "jvm";
  }
}
