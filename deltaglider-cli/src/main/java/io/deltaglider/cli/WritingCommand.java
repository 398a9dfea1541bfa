package io.deltaglider.cli;

import io.deltaglider.DeltaPolicy;
import picocli.CommandLine.Mixin;

/** A store command that stores objects (put, cp, sync, serve): takes the policy options. */
abstract class WritingCommand extends StoreCommand {
  @Mixin PolicyOptions policyOptions;

  WritingCommand(Console console) {
    super(console);
  }

  @Override
  DeltaPolicy policy() throws CliException {
    return policyOptions.policy();
  }

  @Override
  boolean archiveAware() {
    return policyOptions.archiveAware;
  }
}
