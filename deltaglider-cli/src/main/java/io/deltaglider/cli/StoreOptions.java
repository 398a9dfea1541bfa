package io.deltaglider.cli;

import picocli.CommandLine.Option;

/**
 * {@code --store}, {@code --endpoint-url}, {@code --region}, {@code --profile}: which store a
 * command works on. Accepted before the subcommand too ({@code deltaglider --store DIR ls}), as
 * {@code aws --endpoint-url URL s3 ls} takes its global options.
 */
final class StoreOptions {
  /** The options {@link #hoist} moves: each takes a value. */
  private static final java.util.Set<String> NAMES = java.util.Set.of("--store", "--endpoint-url", "--region",
      "--profile");

  /**
   * The command line with store options written before the subcommand moved after it, where
   * picocli looks for them; anything else is left as it is.
   */
  static String[] hoist(String[] args) {
    java.util.List<String> before = new java.util.ArrayList<>();
    java.util.List<String> hoisted = new java.util.ArrayList<>();
    int i = 0;
    for (; i < args.length; i++) {
      String a = args[i];
      String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
      if (NAMES.contains(name)) {
        hoisted.add(a);
        if (!a.contains("=") && i + 1 < args.length) {
          hoisted.add(args[++i]);
        }
      } else if (a.startsWith("-") && !"--".equals(a)) {
        before.add(a); // --debug, --help, --version
      } else {
        break;
      }
    }
    if (hoisted.isEmpty() || i >= args.length || "--".equals(args[i])) {
      return args;
    }
    java.util.List<String> out = new java.util.ArrayList<>(before);
    out.add(args[i]);
    out.addAll(hoisted);
    out.addAll(java.util.Arrays.asList(args).subList(i + 1, args.length));
    return out.toArray(String[]::new);
  }

  @Option(
      names = "--store",
      paramLabel = "LOCATION",
      description = {
        "The store: a local directory (path or file: URL) or s3://BUCKET[/PREFIX]. Default:"
            + " $" + StoreLocation.ENV + ", else ~/" + StoreLocation.DEFAULT_DIR
      })
  String store;

  @Option(
      names = "--endpoint-url",
      paramLabel = "URL",
      description =
          "S3-compatible endpoint, e.g. http://127.0.0.1:9000 (path-style addressing is then"
              + " used). Default: $AWS_ENDPOINT_URL, else AWS.")
  String endpointUrl;

  @Option(
      names = "--profile",
      paramLabel = "NAME",
      description = "AWS profile for S3 credentials and region. Default: $AWS_PROFILE, else default.")
  String profile;

  @Option(
      names = "--region",
      paramLabel = "REGION",
      description = "S3 region. Default: $AWS_REGION / the AWS profile, else us-east-1.")
  String region;

  /** The store named by --store, else the environment, else the default local directory. */
  StoreLocation location() throws CliException {
    if (store != null) {
      return StoreLocation.parse(store);
    }
    String env = System.getenv(StoreLocation.ENV);
    if (env != null && !env.isBlank()) {
      return StoreLocation.parse(env);
    }
    return StoreLocation.defaultLocal();
  }
}
