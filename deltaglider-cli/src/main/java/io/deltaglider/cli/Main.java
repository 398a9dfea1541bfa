package io.deltaglider.cli;

import io.deltaglider.IntegrityException;
import io.deltaglider.InvalidKeyException;
import io.deltaglider.ObjectNotFoundException;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Entry point of the {@code deltaglider} command. {@link #run} does everything but exit, so tests
 * can run the real command line in-process with their own streams.
 */
public final class Main {
  private static final String NAME = "deltaglider";

  private Main() {}

  public static void main(String[] args) {
    if (System.getProperty(CdsTraining.PROPERTY) != null) {
      System.exit(CdsTraining.run());
    }
    Console console = Console.system();
    Interrupts.install(console.err());
    int code = run(console, args);
    if (Interrupts.interrupted()) {
      code = ExitCode.INTERRUPTED; // the JVM is halting with the signal's status already
    }
    try {
      console.out().flush();
    } catch (IOException e) {
      // stdout already reported by the command, or closed by the reader: nothing left to say
    }
    System.exit(code);
  }

  /** Runs the command line and returns the exit status; never throws. */
  static int run(Console console, String... args) {
    boolean debug = Arrays.asList(args).contains("--debug");
    configureLogging(debug);
    try {
      String undecodable = undecodableArgument(args);
      if (undecodable != null) {
        return report(console, new CliException(ExitCode.USAGE, undecodable), ExitCode.USAGE, debug);
      }
      Callable<Integer> quick = QuickVcdiff.parse(console, args);
      if (quick != null) {
        try {
          return quick.call();
        } catch (Exception e) {
          return handle(console, e, debug);
        }
      }
      String[] line = StoreOptions.hoist(args);
      String word = commandWord(line);
      if (word != null && !isCommand(word)) {
        return report(console, new CliException(ExitCode.USAGE, "unknown command '" + Messages.escape(word)
            + "' (see 'deltaglider --help')"), ExitCode.USAGE, debug);
      }
      return commandLine(console, word).execute(normalize(line));
    } catch (Throwable t) { // an Error (e.g. OutOfMemoryError) that picocli lets through
      return report(console, t, ExitCode.INTERNAL, debug);
    }
  }

  /** The configured picocli command line over {@code console}, with every subcommand. */
  static CommandLine commandLine(Console console) {
    return commandLine(console, null);
  }

  /**
   * The command line with only the subcommand named {@code word} when there is one by that name,
   * else with all of them (for the top-level help, and for picocli's own error with suggestions).
   */
  static CommandLine commandLine(Console console, String word) {
    CommandLine cl = new CommandLine(new DeltagliderCommand(), factory(console));
    Class<?> named = null;
    for (Class<?> sub : DeltagliderCommand.SUBCOMMANDS) {
      if (sub.getAnnotation(CommandLine.Command.class).name().equals(word)) {
        named = sub;
      }
    }
    if (named != null) {
      cl.addSubcommand(named);
    } else {
      DeltagliderCommand.SUBCOMMANDS.forEach(cl::addSubcommand);
    }
    cl.setOut(new PrintWriter(new OutputStreamWriter(console.out(), StandardCharsets.UTF_8), true));
    cl.setErr(new PrintWriter(new OutputStreamWriter(console.err(), StandardCharsets.UTF_8), true));
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    addExitStatusFooter(cl);
    customize(cl);
    cl.setParameterExceptionHandler(
        (ParameterException ex, String[] args) -> {
          String where = ex.getCommandLine().getCommandSpec().qualifiedName();
          String msg = Messages.escape(Messages.lowerFirst(Messages.oneLine(String.valueOf(ex.getMessage()))));
          console.err().println(NAME + ": " + msg + " (see '" + where + " --help')");
          if (Arrays.asList(args).contains("--debug")) {
            ex.printStackTrace(console.err());
          }
          console.err().flush();
          return ExitCode.USAGE;
        });
    cl.setExecutionExceptionHandler(
        (Exception ex, CommandLine cmd, ParseResult parsed) -> handle(console, ex, debugRequested(parsed)));
    return cl;
  }

  /**
   * Why the command line cannot be used as it was typed, or null. The JVM decodes each argument
   * with the locale's charset and silently turns bytes it cannot decode into U+FFFD, so a file
   * name or key would otherwise become a different one. Checked before any parsing (also before
   * the vcdiff fast path); a U+FFFD typed on purpose is refused too, as it cannot be told apart.
   */
  static String undecodableArgument(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].indexOf('\uFFFD') >= 0) {
        String charset = System.getProperty("sun.jnu.encoding", "UTF-8");
        if (charset.equalsIgnoreCase("UTF-8") || charset.equalsIgnoreCase("UTF8")) {
          return "argument " + (i + 1) + " is not valid UTF-8";
        }
        return "argument " + (i + 1) + " cannot be read in the locale's character set (" + charset
            + "); use a UTF-8 locale (e.g. LC_ALL=C.UTF-8)";
      }
    }
    return null;
  }

  /**
   * The first argument that is not an option: the subcommand's name if the line has one (the top
   * command's options, --debug, --help and --version, take no value).
   */
  static String commandWord(String[] args) {
    for (String a : args) {
      if ("--".equals(a)) {
        return null;
      }
      if (!a.startsWith("-")) {
        return a;
      }
    }
    return null;
  }

  private static boolean isCommand(String word) {
    for (Class<?> sub : DeltagliderCommand.SUBCOMMANDS) {
      if (sub.getAnnotation(CommandLine.Command.class).name().equals(word)) {
        return true;
      }
    }
    return false;
  }

  /** Reports an exception a command threw and returns the exit status it maps to. */
  private static int handle(Console console, Exception ex, boolean debug) {
    if (Interrupts.interrupted()) {
      // The command failed because the shutdown hook interrupted it: "interrupted" was said.
      if (debug) {
        ex.printStackTrace(console.err());
      }
      return ExitCode.INTERRUPTED;
    }
    if (ex instanceof CliException ce) {
      return report(console, ce, ce.exitCode(), debug);
    }
    if (ex instanceof ObjectNotFoundException) {
      return report(console, ex, ExitCode.NOT_FOUND, debug);
    }
    if (ex instanceof IntegrityException) {
      return report(console, ex, ExitCode.INTEGRITY, debug);
    }
    if (ex instanceof InvalidKeyException) {
      return report(console, ex, ExitCode.USAGE, debug);
    }
    if (ex instanceof IOException) {
      return report(console, ex, ExitCode.FAILURE, debug);
    }
    if (ex instanceof InvalidPathException ip) {
      return report(
          console,
          new CliException(ExitCode.USAGE, "invalid path: " + ip.getInput(), ip),
          ExitCode.USAGE,
          debug);
    }
    return report(console, ex, ExitCode.INTERNAL, debug);
  }

  /**
   * The store and its backends log through SLF4J (slf4j-simple here): silent, so that a failure is
   * one line on stderr, except with --debug, which shows the store's own debug log on stderr.
   */
  private static void configureLogging(boolean debug) {
    String level = "org.slf4j.simpleLogger.defaultLogLevel";
    if (System.getProperty(level) == null) {
      System.setProperty(level, debug ? "info" : "off");
      if (debug) {
        System.setProperty("org.slf4j.simpleLogger.log.io.deltaglider", "debug");
      }
    }
  }

  private static int report(Console console, Throwable t, int code, boolean debug) {
    String msg = t instanceof CliException ? Messages.oneLine(t.getMessage()) : Messages.describe(t);
    if (code == ExitCode.INTERNAL) {
      msg = "internal error: " + msg + (debug ? "" : " (run with --debug for the stack trace)");
    }
    console.err().println(NAME + ": " + Messages.escape(msg));
    if (debug) {
      t.printStackTrace(console.err());
    }
    console.err().flush();
    return code;
  }

  /** {@code --debug} given on the top command or on any subcommand. */
  private static boolean debugRequested(ParseResult parsed) {
    for (ParseResult p = parsed; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--debug")) {
        return true;
      }
    }
    return false;
  }

  /**
   * xdelta3 spells an optional value only attached ({@code -A=HEADER}); a bare {@code -A} must not
   * take the next argument as its value, so it becomes {@code -A=} (empty: no header).
   */
  static String[] normalize(String[] args) {
    String[] out = args.clone();
    for (int i = 0; i < out.length; i++) {
      if ("--".equals(out[i])) {
        break;
      }
      if ("-A".equals(out[i])) {
        out[i] = "-A=";
      }
    }
    return out;
  }

  private static void customize(CommandLine cl) {
    if (cl.getCommand() instanceof SpecCustomizer c) {
      c.customize(cl.getCommandSpec());
    }
    for (CommandLine sub : cl.getSubcommands().values()) {
      customize(sub);
    }
  }

  /** Every command's help ends with the exit statuses. */
  private static void addExitStatusFooter(CommandLine cl) {
    List<String> footer = new ArrayList<>(Arrays.asList(cl.getCommandSpec().usageMessage().footer()));
    if (footer.contains(ExitCode.FOOTER[0])) {
      return; // reached again through an alias
    }
    footer.addAll(Arrays.asList(ExitCode.FOOTER));
    cl.getCommandSpec().usageMessage().footer(footer.toArray(String[]::new));
    for (CommandLine sub : cl.getSubcommands().values()) {
      addExitStatusFooter(sub);
    }
  }

  /** Creates commands, handing the console to those whose constructor takes one. */
  private static IFactory factory(Console console) {
    IFactory fallback = CommandLine.defaultFactory();
    return new IFactory() {
      @Override
      public <K> K create(Class<K> cls) throws Exception {
        try {
          Constructor<K> c = cls.getDeclaredConstructor(Console.class);
          return c.newInstance(console);
        } catch (NoSuchMethodException e) {
          return fallback.create(cls);
        }
      }
    };
  }
}
