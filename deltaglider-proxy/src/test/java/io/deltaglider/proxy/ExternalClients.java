package io.deltaglider.proxy;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Running the AWS CLI and boto3 against the gateway as child processes.
 *
 * <p>A client is the first program of its name on {@code PATH} that answers a probe (version
 * managers put shims there that exist but fail for a version without the tool, so existing is not
 * enough). Missing clients skip their tests with a message; with {@code DELTAGLIDER_REQUIRE_S3_CLIENTS=1}
 * (CI installs them) they fail instead.
 *
 * <p>Children get the gateway's keys, a region and nothing else of AWS from the test's own
 * environment: no profile, no config or credentials file, no instance metadata, no proxy for
 * loopback, no retries (a retried failure would hide a gateway bug).
 */
final class ExternalClients {
  static final String REQUIRE = "DELTAGLIDER_REQUIRE_S3_CLIENTS";
  static final String INSTALL = "apt-get install -y awscli python3-boto3";

  private ExternalClients() {}

  /** Result of a run. */
  record Result(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\nstdout:\n" + tail(out) + "\nstderr:\n" + tail(err);
    }

    private static String tail(String s) {
      return s.length() <= 20_000 ? s : "[... " + (s.length() - 20_000) + " chars]" + s.substring(s.length() - 20_000);
    }
  }

  /** A client found on {@code PATH}: the program and what its probe printed (its version). */
  record Client(Path program, String version) {}

  /**
   * The first {@code name} on {@code PATH} for which {@code name probeArgs...} exits 0; when there
   * is none the calling test is skipped, or fails when {@value #REQUIRE}{@code =1}.
   */
  static Client locate(String what, String name, List<String> probeArgs, Path scratch) {
    List<String> tried = new ArrayList<>();
    for (Path candidate : onPath(name)) {
      List<String> cmd = new ArrayList<>();
      cmd.add(candidate.toString());
      cmd.addAll(probeArgs);
      try {
        Result r = run(scratch, environment(scratch), cmd);
        if (r.exit() == 0) {
          String version = (r.out() + " " + r.err()).strip().lines().findFirst().orElse("").strip();
          System.out.println(what + ": " + candidate + " (" + version + ")");
          return new Client(candidate, version);
        }
        String why = (r.err() + r.out()).strip().lines().reduce((a, b) -> b).orElse("");
        tried.add(candidate + " (exit " + r.exit() + ": " + why + ")");
      } catch (IOException e) {
        tried.add(candidate + " (" + e.getMessage() + ")");
      }
    }
    String found = tried.isEmpty() ? "no " + name + " on PATH" : "none of " + String.join(", ", tried) + " works";
    if ("1".equals(System.getenv(REQUIRE))) {
      Assertions.fail(what + " is required (" + REQUIRE + "=1) but missing: " + found);
    }
    String message = what + " is not installed (" + found + "); these tests are skipped. Install it with `"
        + INSTALL + "`, and set " + REQUIRE + "=1 to make its absence a failure.";
    System.out.println("SKIPPED: " + message); // surefire shows no reason for a class skipped before its tests
    Assumptions.abort(message);
    throw new AssertionError("unreachable");
  }

  private static List<Path> onPath(String name) {
    Set<Path> found = new LinkedHashSet<>();
    String path = System.getenv("PATH");
    for (String dir : (path == null ? "" : path).split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path p = Path.of(dir, name);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        found.add(p.toAbsolutePath());
      }
    }
    return new ArrayList<>(found);
  }

  /** The environment a client needs for the gateway: its keys and a region; config files are empty files in {@code dir}. */
  static Map<String, String> environment(Path dir) {
    Map<String, String> env = new HashMap<>();
    env.put("AWS_ACCESS_KEY_ID", GatewayFixture.ACCESS_KEY);
    env.put("AWS_SECRET_ACCESS_KEY", GatewayFixture.SECRET_KEY);
    env.put("AWS_DEFAULT_REGION", "us-east-1");
    env.put("AWS_REGION", "us-east-1");
    env.put("AWS_CONFIG_FILE", dir.resolve("no-aws-config").toString());
    env.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-aws-credentials").toString());
    env.put("AWS_EC2_METADATA_DISABLED", "true");
    env.put("AWS_MAX_ATTEMPTS", "1");
    env.put("AWS_RETRY_MODE", "standard");
    env.put("AWS_PAGER", "");
    env.put("AWS_CLI_AUTO_PROMPT", "off");
    env.put("NO_PROXY", "127.0.0.1,localhost");
    env.put("no_proxy", "127.0.0.1,localhost");
    env.put("PYTHONDONTWRITEBYTECODE", "1");
    return env;
  }

  /** Runs {@code cmd} in {@code cwd} with the test's environment less its AWS settings, plus {@code env}. */
  static Result run(Path cwd, Map<String, String> env, List<String> cmd) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.equalsIgnoreCase("http_proxy")
        || k.equalsIgnoreCase("https_proxy") || k.equalsIgnoreCase("all_proxy"));
    pb.environment().putAll(env);
    Process p = pb.start();
    p.getOutputStream().close();
    CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
    try {
      if (!p.waitFor(300, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("timed out after 300 s: " + cmd);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    return new Result(p.exitValue(), out.join(), err.join());
  }

  static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  static String sha256(Path file) throws IOException {
    return sha256(Files.readAllBytes(file));
  }

  private static String readAll(InputStream in) {
    try (in) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      in.transferTo(b);
      return b.toString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
