package io.deltaglider.benchmarks;

import io.deltaglider.ArchivePatch;
import io.deltaglider.vcdiff.SecondaryCompression;
import io.deltaglider.vcdiff.VcdiffEncoder;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Our archive-aware patch ({@link ArchivePatch}, what {@code deltaglider archive encode} and
 * {@code archive decode} run): each deflate stream of a zip, jar, gzip or tar that can be
 * compressed back exactly is inflated, and the expanded forms are delta-encoded with the store's
 * encoder (default level, {@code -S lzma}, one thread). Decode checks the SHA-256 of the source
 * and of the result, and the runner checks the result byte-exact as for every tool. Not VCDIFF
 * as a whole (a header and a recipe around it), so xdelta3 does not decode it.
 *
 * <p>Next to it, {@code deltaglider-java default (-6) -S lzma} is "our plain delta" with the same
 * encoder settings.
 */
final class ArchiveAware implements JvmCodec {
  static final String NAME = "ours archive-aware";
  private static final int BUFFER = 1 << 16;

  @Override
  public String name() {
    return NAME;
  }

  static ArchivePatch patcher(Path tempDir) {
    VcdiffEncoder encoder = VcdiffEncoder.builder().secondary(SecondaryCompression.LZMA).build();
    return ArchivePatch.create(encoder, tempDir);
  }

  @Override
  public byte[] encode(byte[] source, byte[] target) throws Exception {
    throw new UnsupportedOperationException("streams files");
  }

  @Override
  public byte[] decode(byte[] source, byte[] delta, long targetSize) throws Exception {
    throw new UnsupportedOperationException("streams files");
  }

  @Override
  public boolean streamsFiles() {
    return true;
  }

  @Override
  public void encodeFiles(Path source, Path target, Path delta) throws Exception {
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(delta), BUFFER)) {
      patcher(delta.toAbsolutePath().getParent()).encode(source, target, out);
    }
  }

  @Override
  public void decodeFiles(Path source, Path delta, Path out, long targetSize) throws Exception {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(delta), BUFFER);
        OutputStream o = new BufferedOutputStream(Files.newOutputStream(out), BUFFER)) {
      patcher(out.toAbsolutePath().getParent()).decode(source, in, o);
    }
  }

  /** The store's bound: expanded forms over 32 MiB spill to temp files, so 512 MiB is plenty. */
  @Override
  public String workerHeap(Pair pair) {
    return DeltagliderJava.HEAP;
  }
}
