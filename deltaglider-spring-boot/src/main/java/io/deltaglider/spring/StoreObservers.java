package io.deltaglider.spring;

import io.deltaglider.StoredForm;
import io.deltaglider.StoreObserver;
import java.util.List;

/** Several observer beans as the store's one observer; the store already shields itself from their failures. */
final class StoreObservers implements StoreObserver {
  private final List<StoreObserver> all;

  StoreObservers(List<StoreObserver> all) {
    this.all = List.copyOf(all);
  }

  @Override
  public void operation(Operation operation, Outcome outcome, long nanos) {
    for (StoreObserver o : all) {
      o.operation(operation, outcome, nanos);
    }
  }

  @Override
  public void stored(StoredForm form, long originalBytes, long storedBytes) {
    for (StoreObserver o : all) {
      o.stored(form, originalBytes, storedBytes);
    }
  }

  @Override
  public void encoded(long targetBytes, long deltaBytes, long nanos) {
    for (StoreObserver o : all) {
      o.encoded(targetBytes, deltaBytes, nanos);
    }
  }

  @Override
  public void decoded(long targetBytes, long nanos) {
    for (StoreObserver o : all) {
      o.decoded(targetBytes, nanos);
    }
  }
}
