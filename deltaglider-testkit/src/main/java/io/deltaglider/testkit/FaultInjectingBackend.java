package io.deltaglider.testkit;

import io.deltaglider.DeltaStoreException;
import io.deltaglider.spi.BlobInfo;
import io.deltaglider.spi.BlobPage;
import io.deltaglider.spi.BlobQuery;
import io.deltaglider.spi.ForwardingBackend;
import io.deltaglider.spi.Payload;
import io.deltaglider.spi.StorageBackend;
import java.io.InputStream;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A backend that fails chosen calls of the backend it wraps, to test what runs on top of a backend
 * (a store, a decorator) when storage fails. A fault either stops the call before it reaches the
 * wrapped backend ({@link #failBefore}: nothing happened) or lets it complete and then reports a
 * failure ({@link #failAfter}: it happened, but the caller cannot know, as with a connection lost
 * before the answer). Thread-safe.
 *
 * <pre>{@code
 * FaultInjectingBackend faulty = new FaultInjectingBackend(new InMemoryBackend());
 * faulty.failBefore(Op.PUT, key -> key.endsWith(".delta"), 1, () -> new StorageFullException("disk full", null));
 * }</pre>
 */
public class FaultInjectingBackend extends ForwardingBackend {

  /** The backend calls a fault can be attached to. */
  public enum Op {
    /** {@link StorageBackend#put}. */
    PUT,
    /** {@link StorageBackend#putIfAbsent}. */
    PUT_IF_ABSENT,
    /** {@link StorageBackend#head}. */
    HEAD,
    /** {@link StorageBackend#get}, whole or a range. */
    GET,
    /** {@link StorageBackend#delete}, {@link StorageBackend#deleteIfPresent}, each key of {@link StorageBackend#deleteAll}. */
    DELETE,
    /** {@link StorageBackend#list}; the key tested is the query's prefix. */
    LIST,
    /** {@link StorageBackend#replaceMetadata}. */
    REPLACE_METADATA
  }

  private static final class Fault {
    final Op op;
    final Predicate<String> keys;
    final boolean after;
    final AtomicInteger remaining;
    final Supplier<? extends DeltaStoreException> failure;

    Fault(Op op, Predicate<String> keys, boolean after, int times, Supplier<? extends DeltaStoreException> failure) {
      this.op = op;
      this.keys = keys;
      this.after = after;
      this.remaining = new AtomicInteger(times);
      this.failure = failure;
    }
  }

  private final List<Fault> faults = new CopyOnWriteArrayList<>();
  private final Map<Op, AtomicInteger> calls = new EnumMap<>(Op.class);

  /** Wraps {@code delegate}; no call fails until a fault is added. */
  public FaultInjectingBackend(StorageBackend delegate) {
    super(delegate);
    for (Op op : Op.values()) {
      calls.put(op, new AtomicInteger());
    }
  }

  /**
   * The next {@code times} calls of {@code op} on keys matching {@code keys} (every one if
   * {@code times} is negative) throw what {@code failure} makes, without reaching the wrapped backend.
   *
   * @return this backend
   */
  public FaultInjectingBackend failBefore(Op op, Predicate<String> keys, int times,
      Supplier<? extends DeltaStoreException> failure) {
    faults.add(new Fault(op, keys, false, times, failure));
    return this;
  }

  /**
   * As {@link #failBefore}, but the call completes on the wrapped backend first: its effect stays
   * and only the answer is lost.
   *
   * @return this backend
   */
  public FaultInjectingBackend failAfter(Op op, Predicate<String> keys, int times,
      Supplier<? extends DeltaStoreException> failure) {
    faults.add(new Fault(op, keys, true, times, failure));
    return this;
  }

  /** Removes every fault not used up yet. */
  public void clearFaults() {
    faults.clear();
  }

  /** How many calls of {@code op} were made so far, failed ones included. */
  public int calls(Op op) {
    return calls.get(op).get();
  }

  /** The fault this call takes, if any (each counts down once per call it fails). */
  private Fault take(Op op, String key, boolean after) {
    for (Fault f : faults) {
      if (f.op == op && f.after == after && f.keys.test(key)) {
        int left = f.remaining.getAndDecrement();
        if (left != 0) {
          return f;
        }
        f.remaining.incrementAndGet();
      }
    }
    return null;
  }

  private void before(Op op, String key) throws DeltaStoreException {
    calls.get(op).incrementAndGet();
    Fault f = take(op, key, false);
    if (f != null) {
      throw f.failure.get();
    }
  }

  private void after(Op op, String key) throws DeltaStoreException {
    Fault f = take(op, key, true);
    if (f != null) {
      throw f.failure.get();
    }
  }

  @Override
  public void put(String key, Payload content, Map<String, String> metadata) throws DeltaStoreException {
    before(Op.PUT, key);
    super.put(key, content, metadata);
    after(Op.PUT, key);
  }

  @Override
  public void putIfAbsent(String key, Payload content, Map<String, String> metadata) throws DeltaStoreException {
    before(Op.PUT_IF_ABSENT, key);
    super.putIfAbsent(key, content, metadata);
    after(Op.PUT_IF_ABSENT, key);
  }

  @Override
  public Optional<BlobInfo> head(String key) throws DeltaStoreException {
    before(Op.HEAD, key);
    Optional<BlobInfo> r = super.head(key);
    after(Op.HEAD, key);
    return r;
  }

  @Override
  public InputStream get(String key) throws DeltaStoreException {
    before(Op.GET, key);
    InputStream in = super.get(key);
    try {
      after(Op.GET, key);
    } catch (DeltaStoreException e) {
      try {
        in.close();
      } catch (java.io.IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    return in;
  }

  @Override
  public InputStream get(String key, long offset, long length) throws DeltaStoreException {
    before(Op.GET, key);
    InputStream in = super.get(key, offset, length);
    try {
      after(Op.GET, key);
    } catch (DeltaStoreException e) {
      try {
        in.close();
      } catch (java.io.IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    return in;
  }

  /** Each key counts as one {@link Op#DELETE}: a fault stops the batch at the first key it matches. */
  @Override
  public void deleteAll(java.util.Collection<String> keys) throws DeltaStoreException {
    for (String key : keys) {
      deleteIfPresent(key);
    }
  }

  @Override
  public boolean delete(String key) throws DeltaStoreException {
    before(Op.DELETE, key);
    boolean r = super.delete(key);
    after(Op.DELETE, key);
    return r;
  }

  @Override
  public void deleteIfPresent(String key) throws DeltaStoreException {
    before(Op.DELETE, key);
    super.deleteIfPresent(key);
    after(Op.DELETE, key);
  }

  @Override
  public BlobPage list(BlobQuery query) throws DeltaStoreException {
    before(Op.LIST, query.prefix());
    BlobPage page = super.list(query);
    after(Op.LIST, query.prefix());
    return page;
  }

  @Override
  public void replaceMetadata(String key, Map<String, String> metadata) throws DeltaStoreException {
    before(Op.REPLACE_METADATA, key);
    super.replaceMetadata(key, metadata);
    after(Op.REPLACE_METADATA, key);
  }
}
