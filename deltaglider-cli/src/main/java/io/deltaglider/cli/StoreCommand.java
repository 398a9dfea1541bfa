package io.deltaglider.cli;

import io.deltaglider.DeltaPolicy;
import io.deltaglider.ObjectInfo;
import io.deltaglider.StoredForm;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/** The common part of the store commands: which store, how to print, streams. */
abstract class StoreCommand implements Callable<Integer> {
  static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  final Console console;

  @Mixin StoreOptions storeOptions;
  @Mixin OutputOptions output;

  /** Text output (tables, reports) on standard output. */
  PrintStream out;

  StoreCommand(Console console) {
    this.console = console;
  }

  @Override
  public final Integer call() throws Exception {
    Interrupts.begin();
    try {
      out = new PrintStream(unclosable(console.out()), false, StandardCharsets.UTF_8);
      StoreLocation base = storeOptions.location();
      try (Stores stores = new Stores(storeOptions, policy(), archiveAware())) {
        return run(base, stores);
      } finally {
        out.flush();
      }
    } finally {
      Interrupts.end();
    }
  }

  /** How new objects are stored; the commands that write override this. */
  DeltaPolicy policy() throws CliException {
    return DeltaPolicy.defaults();
  }

  /** Whether puts also try archive-aware deltas; the commands that write override this. */
  boolean archiveAware() {
    return false;
  }

  abstract int run(StoreLocation base, Stores stores) throws Exception;

  /** A line for people: not with --json or --quiet; keys and file names in it escaped. */
  void say(String line) {
    if (!output.quiet && !output.json) {
      out.println(Messages.escape(line));
    }
  }

  void printJson(Object value) {
    out.println(Json.write(value));
  }

  static String time(Instant t) {
    return t == null ? "-" : TIME.format(t);
  }

  /** How what a put stored is named in output: archive-aware delta, delta, or whole. */
  static String form(io.deltaglider.PutResult r) {
    return r.archiveDelta() ? "archive-aware delta" : form(r.form());
  }

  /** How a stored form is named in output: delta, or whole (DeltaGlider's "passthrough"). */
  static String form(StoredForm f) {
    return f == StoredForm.DELTA ? "delta" : f == StoredForm.PLAIN ? "plain" : "whole";
  }

  /** How a restored object was checked: verified, or (written by another tool) only its size and ETag. */
  static String checked(ObjectInfo info) {
    return info.form() == StoredForm.PLAIN ? "not verifiable: no SHA-256 recorded" : "SHA-256 verified";
  }

  /** The last path segment of a key. */
  static String name(String key) {
    String k = key.endsWith("/") ? key.substring(0, key.length() - 1) : key;
    return k.substring(k.lastIndexOf('/') + 1);
  }

  static OutputStream unclosable(OutputStream out) {
    return new FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        out.flush();
      }
    };
  }
}
