package io.deltaglider.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A one-line progress indicator on standard error, shown only when the process runs on a terminal
 * and the work takes more than a second; it erases itself when done. Never shown to scripts.
 */
final class Progress {
  /** A progress line; closing it erases it. */
  interface Line extends AutoCloseable {
    @Override
    void close();
  }

  private static final long DELAY_MS = 1000;
  private static final long PERIOD_MS = 250;

  /** A progress line is on the screen now (the interrupt message starts by erasing it). */
  private static volatile boolean onScreen;

  private final Thread thread;
  private volatile boolean done;

  private Progress(PrintStream err, String label, LongSupplier bytesDone, long total) {
    long start = System.nanoTime();
    thread = new Thread(() -> {
      boolean shown = false;
      try {
        Thread.sleep(DELAY_MS);
        while (!done) {
          double secs = (System.nanoTime() - start) / 1e9;
          String line = label;
          if (bytesDone != null) {
            long b = bytesDone.getAsLong();
            line += "  " + Sizes.human(b) + (total > 0 ? " / " + Sizes.human(total)
                + String.format(Locale.ROOT, " (%d%%)", Math.min(100, b * 100 / total)) : "");
          }
          line += String.format(Locale.ROOT, "  %.0fs", secs);
          synchronized (err) {
            err.print("\r" + line + "\033[K");
            err.flush();
            onScreen = true;
          }
          shown = true;
          Thread.sleep(PERIOD_MS);
        }
      } catch (InterruptedException e) {
        // done
      }
      if (shown) {
        synchronized (err) {
          err.print("\r\033[K");
          err.flush();
          onScreen = false;
        }
      }
    }, "deltaglider-progress");
    thread.setDaemon(true);
    thread.start();
  }

  /** Whether a progress line is shown on {@code err}; call holding {@code err}'s lock. */
  static boolean onScreen() {
    return onScreen;
  }

  /** Starts a progress line for {@code label}, or returns a no-op when not on a terminal. */
  static Line start(Console console, boolean quiet, String label) {
    return start(console, quiet, label, null, -1);
  }

  static Line start(
      Console console, boolean quiet, String label, LongSupplier bytesDone, long total) {
    if (quiet || System.console() == null || !console.isSystem()) {
      return () -> {};
    }
    return new Progress(console.err(), Messages.escape(label), bytesDone, total)::close;
  }

  private void close() {
    done = true;
    thread.interrupt();
    try {
      thread.join(500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
