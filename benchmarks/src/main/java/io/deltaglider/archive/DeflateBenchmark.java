package io.deltaglider.archive;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Our zlib-exact Deflate encoder ({@link ZlibDeflater}) against {@code java.util.zip.Deflater} (the
 * JVM's native zlib) on a few MB of realistic input: {@code classes} is the class files of the
 * running JDK's {@code java.base} in name order, {@code text} the POM files of the local Maven
 * repository (the JDK's legal and conf files when there is none). Raw deflate, windowBits 15,
 * memLevel 8. The setup checks both give the same bytes. MB/s = ops/s x {@code size} / 10^6.
 *
 * <p>It lives in the encoder's package because the encoder is package-private.
 *
 * <pre>
 * mvn -B -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar DeflateBenchmark -f 2 -wi 3 -i 5
 * </pre>
 *
 * <p>On a busy machine, {@link DeflateCpuTime} compares the same runs in CPU time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class DeflateBenchmark {
  @Param({"classes", "text"})
  public String corpus;

  @Param({"1", "6", "9"})
  public int level;

  /** Bytes of input. */
  @Param({"4194304"})
  public int size;

  /**
   * {@code jdk} ({@code java.util.zip.Deflater}) or {@code ours} ({@link ZlibDeflater}). A parameter
   * named to sort last (JMH orders parameters by name) rather than two methods: JMH then runs the
   * two back to back for each corpus and level, so a change in the machine's load hits both alike.
   */
  @Param({"jdk", "ours"})
  public String tool;

  private byte[] data;
  private DeflateParams params;
  private final Deflater deflater = new Deflater();
  private final byte[] chunk = new byte[64 * 1024];

  @Setup
  public void setup() throws IOException {
    data = "classes".equals(corpus) ? jdkClasses(size) : text(size);
    params = DeflateParams.of(level);
    deflater.setLevel(level);
    ByteArrayOutputStream ours = new ByteArrayOutputStream();
    ZlibDeflater d = new ZlibDeflater(params);
    d.write(data, 0, data.length, ours);
    d.finish(ours);
    byte[] theirs = jdkOnce();
    if (!Arrays.equals(ours.toByteArray(), theirs)) {
      throw new IllegalStateException("ZlibDeflater and Deflater differ at level " + level + " on " + corpus);
    }
  }

  @Benchmark
  public long deflate() throws IOException {
    return "jdk".equals(tool) ? jdkDeflater() : zlibDeflater();
  }

  long jdkDeflater() {
    Deflater d = new Deflater(level, true);
    try {
      d.setInput(data);
      d.finish();
      long n = 0;
      while (!d.finished()) {
        n += d.deflate(chunk);
      }
      return n;
    } finally {
      d.end();
    }
  }

  long zlibDeflater() throws IOException {
    Counter out = new Counter();
    ZlibDeflater d = new ZlibDeflater(params);
    d.write(data, 0, data.length, out);
    d.finish(out);
    return out.count;
  }

  private byte[] jdkOnce() {
    Deflater d = new Deflater(level, true);
    try {
      d.setInput(data);
      d.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      while (!d.finished()) {
        out.write(chunk, 0, d.deflate(chunk));
      }
      return out.toByteArray();
    } finally {
      d.end();
    }
  }

  private static final class Counter extends OutputStream {
    long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }
  }

  /** Class files of java.base, in name order, up to {@code size} bytes. */
  static byte[] jdkClasses(int size) throws IOException {
    Path base = FileSystems.getFileSystem(URI.create("jrt:/")).getPath("/modules/java.base");
    List<Path> files;
    try (Stream<Path> s = Files.walk(base)) {
      files = s.filter(p -> p.toString().endsWith(".class")).sorted().collect(Collectors.toList());
    }
    return concat(files, size);
  }

  /** Every third POM of the local Maven repository, else the JDK's legal and conf files. */
  static byte[] text(int size) throws IOException {
    Path repo = Path.of(System.getProperty("user.home"), ".m2", "repository");
    List<Path> files = new ArrayList<>();
    if (Files.isDirectory(repo)) {
      try (Stream<Path> s = Files.walk(repo)) {
        List<Path> poms = s.filter(p -> p.toString().endsWith(".pom")).sorted().collect(Collectors.toList());
        for (int i = 0; i < poms.size(); i += 3) {
          files.add(poms.get(i));
        }
      }
    }
    if (files.isEmpty()) {
      Path home = Path.of(System.getProperty("java.home"));
      for (String dir : new String[] {"legal", "conf"}) {
        try (Stream<Path> s = Files.walk(home.resolve(dir))) {
          s.filter(Files::isRegularFile).sorted().forEach(files::add);
        }
      }
    }
    return concat(files, size);
  }

  private static byte[] concat(List<Path> files, int size) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(size);
    for (Path f : files) {
      if (out.size() >= size) {
        break;
      }
      out.write(Files.readAllBytes(f));
    }
    if (out.size() < size) {
      throw new IllegalStateException("only " + out.size() + " bytes of input for " + size);
    }
    return Arrays.copyOf(out.toByteArray(), size);
  }
}
