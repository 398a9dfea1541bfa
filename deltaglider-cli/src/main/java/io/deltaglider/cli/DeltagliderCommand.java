package io.deltaglider.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code deltaglider}: the top command. It does nothing itself; a subcommand is required. */
@Command(
    name = "deltaglider",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Store many versions of large binary files as VCDIFF deltas against a reference, and make"
            + " and apply xdelta3-compatible VCDIFF deltas (RFC 3284) and archive-aware patches.",
    footerHeading = "%n",
    footer = {
      "The store: --store LOCATION on each store command, else $" + StoreLocation.ENV + ",",
      "else the local directory ~/" + StoreLocation.DEFAULT_DIR + ". LOCATION is a directory (or",
      "file: URL) or s3://BUCKET[/PREFIX] (with --endpoint-url, --region and the usual AWS",
      "credentials).",
      "",
      "Examples:",
      "  deltaglider put app-1.0.zip releases/app/",
      "  deltaglider cp app-1.1.zip s3://releases/app/",
      "  deltaglider ls --recursive releases/",
      "  deltaglider get releases/app/app-1.1.zip restored.zip",
      "  deltaglider verify",
      "  deltaglider vcdiff decode -s old.tar new.tar.vcdiff new.tar",
      "  deltaglider archive encode -s app-1.0.jar app-1.1.jar app-1.1.jar.patch",
      ""
    })
final class DeltagliderCommand {
  /**
   * The subcommands, in the order help lists them. {@link Main} registers them itself rather than
   * through {@code @Command(subcommands)}: a run needs only the one it names, and building
   * picocli's model of all of them is most of a store command's start (by hand: {@code ls} on a
   * local store took 0.57 s with all of them built, 0.39 s with its own only).
   */
  static final List<Class<?>> SUBCOMMANDS = List.of(
      PutCommand.class,
      GetCommand.class,
      LsCommand.class,
      RmCommand.class,
      CpCommand.class,
      SyncCommand.class,
      StatsCommand.class,
      VerifyCommand.class,
      CleanupCommand.class,
      MigrateCommand.class,
      UpgradeMetadataCommand.class,
      ServeCommand.class,
      VcdiffCommand.class,
      ArchiveCommand.class);

  /** Read from the parse result by {@link Main}; declared here so that help lists it everywhere. */
  @Option(
      names = "--debug",
      scope = ScopeType.INHERIT,
      description = "On failure, print the full stack trace as well.")
  boolean debug;
}
