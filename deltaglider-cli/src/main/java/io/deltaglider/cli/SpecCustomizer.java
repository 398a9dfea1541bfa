package io.deltaglider.cli;

import picocli.CommandLine.Model.CommandSpec;

/** A command that adds options the annotations cannot express; called once, before parsing. */
interface SpecCustomizer {
  void customize(CommandSpec spec);
}
