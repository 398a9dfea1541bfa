package io.deltaglider.cli;

import io.deltaglider.DeltaStore;
import io.deltaglider.proxy.GatewayCredentials;
import io.deltaglider.proxy.S3Gateway;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code deltaglider serve}: the store as an S3 endpoint (deltaglider-proxy's S3Gateway) until Ctrl-C. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Serve the store as an S3-compatible endpoint (path-style, AWS Signature V4) until",
      "Ctrl-C or SIGTERM: S3 clients store through it as deltas, verified on every read.",
      "Buckets are the store's top-level directories (or prefixes). GET /.deltaglider/health",
      "answers 200 without credentials (for load balancers).",
      "Access keys come from --credentials FILE (one 'ACCESS_KEY_ID SECRET [BUCKET,...]' a",
      "line), else from $AWS_ACCESS_KEY_ID and $AWS_SECRET_ACCESS_KEY.",
      "Several servers may serve one store behind a load balancer: start each",
      "with --shared-uploads, so that any of them takes any request of a multipart upload.",
    },
    footerHeading = "%n",
    footer = {
      "Examples:",
      "  AWS_ACCESS_KEY_ID=dev AWS_SECRET_ACCESS_KEY=devsecret deltaglider serve --store /srv/releases",
      "  deltaglider serve --store /srv/releases --listen 0.0.0.0:9000 --credentials keys.txt",
      "  deltaglider serve --store s3://bucket --shared-uploads --listen 0.0.0.0:9000",
      "  aws --endpoint-url http://127.0.0.1:9000 s3 cp app-1.1.zip s3://releases/app/",
      ""
    })
final class ServeCommand extends WritingCommand {
  @Option(names = "--listen", paramLabel = "HOST:PORT",
      description = "Address and port to listen on. Default: 127.0.0.1:9000.")
  String listen = "127.0.0.1:9000";

  @Option(names = "--credentials", paramLabel = "FILE",
      description = "Access keys, one 'ACCESS_KEY_ID SECRET_ACCESS_KEY [BUCKET,...]' a line.")
  Path credentials;

  @Option(names = "--anonymous-reads", description = "Let requests without credentials read (GET, HEAD, lists).")
  boolean anonymousReads;

  @Option(names = "--access-log", description = "One line per request on stderr.")
  boolean accessLog;

  @Option(names = "--max-requests", paramLabel = "N",
      description = "Serve at most N S3 requests at once; more get S3's 503 SlowDown (clients retry). Default: no limit.")
  int maxRequests;

  @Option(names = "--work-dir", paramLabel = "DIR",
      description = "Where uploads and multipart parts wait (kept across restarts). Default: a temp directory.")
  Path workDir;

  @Option(names = "--shared-uploads",
      description = "Keep multipart uploads in the store, under .deltaglider-uploads/ (no bucket can have "
          + "that name), not in the work directory, so that every server over the store knows every upload: "
          + "needed behind a load balancer. Each part then makes a second trip through the store. Uploads "
          + "begun over 7 days ago are removed as abandoned.")
  boolean sharedUploads;

  ServeCommand(Console console) {
    super(console);
  }



  @Override
  int run(StoreLocation base, Stores stores) throws Exception {
    InetSocketAddress address = parseListen(listen);
    if (maxRequests < 0) {
      throw new CliException(ExitCode.USAGE, "--max-requests must not be negative: " + maxRequests);
    }
    GatewayCredentials keys = keys();
    if (keys.isEmpty() && !anonymousReads) {
      throw new CliException(ExitCode.USAGE, "no access keys: give --credentials FILE or set AWS_ACCESS_KEY_ID and "
          + "AWS_SECRET_ACCESS_KEY (or --anonymous-reads for a read-only endpoint)");
    }
    if (base.isS3() && (base.bucket() == null || base.bucket().isEmpty())) {
      throw new CliException(ExitCode.USAGE, "serve needs one store: a directory or s3://BUCKET[/PREFIX]");
    }
    // Logging is off for the other commands; a server reports its failures, and requests if asked.
    System.setProperty("org.slf4j.simpleLogger.log.io.deltaglider.proxy", "warn");
    if (accessLog) {
      System.setProperty("org.slf4j.simpleLogger.log.io.deltaglider.proxy.access", "info");
    }
    DeltaStore store = stores.open(base, true, true);
    S3Gateway.Builder b = S3Gateway.builder().store(store).host(address.getHostString()).port(address.getPort())
        .credentials(keys).anonymousReads(anonymousReads).maxConcurrentRequests(maxRequests).stopTimeoutMillis(5_000)
        .sharedUploads(sharedUploads);
    if (workDir != null) {
      b.workDirectory(workDir);
    }
    try (S3Gateway gateway = b.build()) {
      InetSocketAddress bound;
      try {
        bound = gateway.start();
      } catch (IOException e) {
        throw new CliException(ExitCode.FAILURE, "cannot listen on " + listen + ": " + e.getMessage());
      }
      say("serving " + base.describe() + " as S3 on http://" + hostForUrl(bound) + ":" + bound.getPort()
          + " (" + keys.accessKeyIds().size() + " access key(s)" + (anonymousReads ? ", anonymous reads" : "")
          + (sharedUploads ? ", shared multipart uploads" : "")
          + "); Ctrl-C stops");
      out.flush();
      new CountDownLatch(1).await(); // until Ctrl-C or SIGTERM interrupts the command
    }
    return ExitCode.OK;
  }

  private GatewayCredentials keys() throws CliException {
    if (credentials == null) {
      return GatewayCredentials.fromEnvironment(System.getenv());
    }
    try {
      return GatewayCredentials.fromFile(credentials);
    } catch (IOException e) {
      throw new CliException(ExitCode.FAILURE, "cannot read " + credentials + ": " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCode.USAGE, e.getMessage());
    }
  }

  static InetSocketAddress parseListen(String s) throws CliException {
    int colon = s.lastIndexOf(':');
    String host = colon < 0 ? s : s.substring(0, colon);
    String port = colon < 0 ? "9000" : s.substring(colon + 1);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    try {
      int p = Integer.parseInt(port);
      if (!host.isEmpty() && p >= 0 && p <= 65535) {
        return InetSocketAddress.createUnresolved(host, p);
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw new CliException(ExitCode.USAGE, "--listen wants HOST:PORT, e.g. 127.0.0.1:9000, not " + s);
  }

  private static String hostForUrl(InetSocketAddress a) {
    String h = a.getHostString();
    return h.contains(":") ? "[" + h + "]" : h;
  }
}
