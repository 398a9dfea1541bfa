package io.deltaglider.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A command line tool measured as whole processes. Command templates use the placeholders
 * {@code {src}}, {@code {in}} (target when encoding, delta when decoding) and {@code {out}}.
 */
public final class ProcessCodec implements Codec {
  private final String name;
  private final List<String> encode;
  private final List<String> decode;
  private final Function<Pair, String> skip;
  private final boolean fullRunOnly;

  /**
   * @param skip returns why a pair is skipped, or null; also called with {@code null} to ask
   *     whether the tool is available at all
   */
  public ProcessCodec(String name, List<String> encode, List<String> decode,
      Function<Pair, String> skip) {
    this(name, encode, decode, skip, false);
  }

  private ProcessCodec(String name, List<String> encode, List<String> decode,
      Function<Pair, String> skip, boolean fullRunOnly) {
    this.name = name;
    this.encode = List.copyOf(encode);
    this.decode = List.copyOf(decode);
    this.skip = skip;
    this.fullRunOnly = fullRunOnly;
  }

  /** This tool, sitting out {@code --quick} ({@link Codecs#NOT_QUICK}). */
  public ProcessCodec fullRunOnly() {
    return new ProcessCodec(name, encode, decode, skip, true);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String kind() {
    return "process";
  }

  @Override
  public String skipReason(Pair pair, boolean quick) {
    if (quick && fullRunOnly) {
      return Codecs.NOT_QUICK;
    }
    return skip == null ? null : skip.apply(pair);
  }

  public List<String> encodeCommand(Path source, Path target, Path delta) {
    return substitute(encode, source, target, delta);
  }

  public List<String> decodeCommand(Path source, Path delta, Path out) {
    return substitute(decode, source, delta, out);
  }

  private static List<String> substitute(List<String> template, Path src, Path in, Path out) {
    List<String> cmd = new ArrayList<>(template.size());
    for (String t : template) {
      cmd.add(t.replace("{src}", src.toString()).replace("{in}", in.toString())
          .replace("{out}", out.toString()));
    }
    return cmd;
  }

  @Override
  public String toString() {
    return name + " " + String.join(" ", encode);
  }
}
