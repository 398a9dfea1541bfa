package io.deltaglider.cli;

import io.deltaglider.DeltaPolicy;
import java.util.Set;
import picocli.CommandLine.Option;

/** {@code --no-delta}, {@code --max-ratio}, {@code --max-delta-size}, {@code --archive-aware}: how new objects are stored. */
final class PolicyOptions {
  @Option(
      names = "--no-delta",
      description = "Store files whole, without trying a delta.")
  boolean noDelta;

  @Option(
      names = "--max-ratio",
      paramLabel = "RATIO",
      description =
          "Keep a delta only if it is smaller than RATIO times the file (0 < RATIO <= 1);"
              + " otherwise store the file whole. Default: " + DeltaPolicy.DEFAULT_MAX_DELTA_RATIO + ".")
  Double maxRatio;

  @Option(
      names = "--max-delta-size",
      paramLabel = "SIZE",
      description = "Store files larger than SIZE whole without trying a delta (e.g. 4G; binary units K, M, G, T)."
          + " Default: 1G. A delta of a larger file needs a reference of that size and a source index"
          + " over it; see the README's memory notes.")
  String maxDeltaSize;

  @Option(
      names = "--archive-aware",
      description = "Also try an archive-aware delta for archives (jar, zip, tgz, tar.gz and the like):"
          + " a delta between the archives with their deflate streams inflated, often a small fraction"
          + " of a plain one; the smallest form is kept. Only deltaglider (this version or later)"
          + " reads such objects; other DeltaGlider tools and xdelta3 refuse them.")
  boolean archiveAware;

  DeltaPolicy policy() throws CliException {
    if (noDelta && archiveAware) {
      throw new CliException(ExitCode.USAGE, "--archive-aware stores deltas, --no-delta none: give one of them");
    }
    DeltaPolicy.Builder b = DeltaPolicy.builder();
    if (noDelta) {
      b.extensions(Set.of());
    }
    if (maxRatio != null) {
      if (!(maxRatio > 0 && maxRatio <= 1)) {
        throw new CliException(ExitCode.USAGE, "--max-ratio must be above 0 and at most 1, was " + maxRatio);
      }
      b.maxDeltaRatio(maxRatio);
    }
    if (maxDeltaSize != null) {
      long size = Sizes.parse(maxDeltaSize);
      if (size < 0) {
        throw new CliException(ExitCode.USAGE, "--max-delta-size must be a size such as 512M or 4G, was "
            + Messages.escape(maxDeltaSize));
      }
      b.maxDeltaSize(size);
    }
    return b.build();
  }
}
