package io.deltaglider.cli;

import picocli.CommandLine.Option;

/** {@code --store}, {@code --endpoint-url}, {@code --region}: which store a command works on. */
final class StoreOptions {
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
