package io.deltaglider.cli;

import java.io.PrintStream;
import java.util.concurrent.TimeUnit;

/**
 * Lets a store command clean up after itself on Ctrl-C (SIGINT) or SIGTERM. The JVM answers those
 * by running its shutdown hooks and halting, while the command's thread is still in the middle of
 * a put: without this its finally blocks never ran (a temp file of the backend stayed in the
 * store, a fresh reference without any object). The hook interrupts that thread and waits until
 * the command has unwound, at most {@link #WAIT_MS}; then the JVM exits with the signal's status
 * (130 for SIGINT).
 */
final class Interrupts {
  /** How long the hook waits for the command to unwind before the JVM halts anyway. */
  static final long WAIT_MS = 10_000;

  private static final Object LOCK = new Object();
  /** The thread running a store command, while it runs; guarded by LOCK. */
  private static Thread command;
  private static volatile boolean interrupted;

  private Interrupts() {}

  /** Installs the hook (once, in the real process: tests running commands in-process do not). */
  static void install(PrintStream err) {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> onShutdown(err), "deltaglider-interrupt"));
  }

  /** The current thread starts a command that must clean up if the process is stopped. */
  static void begin() {
    synchronized (LOCK) {
      command = Thread.currentThread();
    }
  }

  /** The command has unwound (its finally blocks ran); the hook may let the JVM halt. */
  static void end() {
    synchronized (LOCK) {
      if (command == Thread.currentThread()) {
        command = null;
        LOCK.notifyAll();
      }
    }
  }

  /** True once the hook interrupted a command: its failure is the interruption, not an error. */
  static boolean interrupted() {
    return interrupted;
  }

  private static void onShutdown(PrintStream err) {
    synchronized (LOCK) {
      Thread t = command;
      if (t == null) {
        return; // a normal exit, or no store command running
      }
      interrupted = true;
      synchronized (err) { // the lock progress lines are drawn under
        err.print(Progress.onScreen() ? "\r\033[K" : ""); // the message replaces a progress line
        err.println("deltaglider: interrupted; cleaning up");
        err.flush();
      }
      t.interrupt();
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
      try {
        while (command == t) {
          long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
          if (left <= 0) {
            err.println("deltaglider: still cleaning up after " + WAIT_MS / 1000 + " s; stopping anyway");
            err.flush();
            return;
          }
          LOCK.wait(left);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
