package io.deltaglider;

/**
 * Reports a store's calls to its {@link StoreObserver}, shielding the store from the observer:
 * whatever it throws is logged once per kind and dropped.
 */
final class Observed {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Observed.class);

  /** A store call that may fail. */
  interface Call<T> {
    T run() throws DeltaStoreException;
  }

  private final StoreObserver observer;
  private volatile boolean warned;

  Observed(StoreObserver observer) {
    this.observer = observer;
  }

  /** Runs a public call, reporting its kind, outcome and duration. */
  <T> T call(StoreObserver.Operation op, Call<T> call) throws DeltaStoreException {
    if (observer == null) {
      return call.run();
    }
    long start = System.nanoTime();
    Throwable failure = null;
    try {
      return call.run();
    } catch (DeltaStoreException | RuntimeException | Error e) {
      failure = e;
      throw e;
    } finally {
      long nanos = System.nanoTime() - start;
      StoreObserver.Outcome outcome = StoreObserver.outcomeOf(failure);
      shielded(() -> observer.operation(op, outcome, nanos));
    }
  }

  void stored(PutResult r) {
    if (observer != null) {
      shielded(() -> observer.stored(r.form(), r.originalSize(), r.storedSize()));
    }
  }

  void encoded(long targetBytes, long deltaBytes, long nanos) {
    if (observer != null) {
      shielded(() -> observer.encoded(targetBytes, deltaBytes, nanos));
    }
  }

  void decoded(long targetBytes, long nanos) {
    if (observer != null) {
      shielded(() -> observer.decoded(targetBytes, nanos));
    }
  }

  private void shielded(Runnable report) {
    try {
      report.run();
    } catch (RuntimeException e) {
      if (!warned) {
        warned = true;
        LOG.warn("the store's observer failed; its failures are ignored", e);
      }
    }
  }
}
