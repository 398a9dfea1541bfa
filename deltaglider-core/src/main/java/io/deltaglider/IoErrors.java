package io.deltaglider;

import java.io.IOException;

/** Turns the JDK's I/O failures into the store's exceptions, and helpers for code that must finish despite them. */
final class IoErrors {
  private IoErrors() {}

  @FunctionalInterface
  interface IoCall<T> {
    T call() throws IOException;
  }

  @FunctionalInterface
  interface StoreCall {
    void run() throws DeltaStoreException;
  }

  static <T> T io(IoCall<T> call, String what) throws DeltaStoreException {
    try {
      return call.call();
    } catch (IOException e) {
      throw mapIo(e, what);
    }
  }

  static DeltaStoreException mapIo(IOException e, String what) {
    if (e instanceof DeltaStoreException) {
      return (DeltaStoreException) e;
    }
    if (io.deltaglider.spi.StorageFull.is(e)) {
      return new StorageFullException("no space left while " + what, e);
    }
    return new BackendException(what + " failed: " + e, e);
  }

  /** The first cause of {@code type} in {@code t}'s chain, or null. */
  static <T extends Throwable> T causeOf(Throwable t, Class<T> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return type.cast(c);
      }
    }
    return null;
  }

  /**
   * Runs a failed operation's cleanup with the thread's interrupt flag cleared, and sets it again
   * after: an interrupted put (Ctrl-C, a cancelled task) must still remove what it wrote, and
   * channel I/O refuses to run on an interrupted thread.
   */
  static void withoutInterrupt(StoreCall cleanup) throws DeltaStoreException {
    boolean interrupted = Thread.interrupted();
    try {
      cleanup.run();
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
