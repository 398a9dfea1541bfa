package io.deltaglider.cli;

import picocli.CommandLine.Option;

/** {@code --json} and {@code --quiet}. */
final class OutputOptions {
  @Option(names = "--json", description = "Print the result as one JSON document on standard output.")
  boolean json;

  @Option(
      names = {"-q", "--quiet"},
      description = "Print nothing on success (errors still go to standard error).")
  boolean quiet;
}
