package io.deltaglider.micrometer;

import io.deltaglider.DeltaStore;
import io.deltaglider.StoreObserver;
import io.deltaglider.StoredForm;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A store's meters in one object: give it to the builder as the {@link StoreObserver} and bind
 * the built store, and every call, put and codec run is counted and timed, and the store's own
 * counters and reference cache are read as gauges.
 *
 * <pre>{@code
 * DeltaGliderMetrics metrics = new DeltaGliderMetrics(registry, Tags.of("store", "releases"));
 * DeltaStore store = DeltaStore.builder().backend(backend).observer(metrics).build();
 * metrics.bindTo(store);
 * }</pre>
 *
 * <p>Meters from the observer (all tagged with the common tags given here):
 * <ul>
 *   <li>{@value #OPERATIONS} (timer; {@code operation}: put, get, get_range, head, delete, copy,
 *       list, stats, maintenance; {@code outcome}: success, not_found, integrity_failure,
 *       backend_error, cancelled, rejected, error)</li>
 *   <li>{@value #PUT_BYTES} (counter, bytes; {@code kind}: original or stored; {@code form}: delta,
 *       passthrough): what puts were given and what they stored, a delta's reference not counted</li>
 *   <li>{@value #CODEC} (timer; {@code direction}: encode or decode): time with a codec slot held</li>
 *   <li>{@value #CODEC_BYTES} (counter, bytes; {@code direction}; {@code kind}: target or delta)</li>
 *   <li>{@value #INTEGRITY_FAILURES} and {@value #BACKEND_ERRORS} (counters): calls that ended so;
 *       registered at zero, so an alert on their increase sees the series from the start</li>
 * </ul>
 * and from {@link #bindTo(DeltaStore)}, those of {@link DeltaStoreMeterBinder}.
 *
 * <p>One instance observes one store (its tags name it); thread-safe, as an observer must be.
 */
public final class DeltaGliderMetrics implements StoreObserver {
  /** Timer of public calls, by operation and outcome. */
  public static final String OPERATIONS = "deltaglider.operations";
  /** Counter of bytes given to and stored by puts. */
  public static final String PUT_BYTES = "deltaglider.put.bytes";
  /** Timer of encodes and decodes. */
  public static final String CODEC = "deltaglider.codec";
  /** Counter of bytes encoded and decoded. */
  public static final String CODEC_BYTES = "deltaglider.codec.bytes";
  /** Counter of calls that ended with an integrity failure. */
  public static final String INTEGRITY_FAILURES = "deltaglider.integrity.failures";
  /** Counter of calls that ended with a backend error. */
  public static final String BACKEND_ERRORS = "deltaglider.backend.errors";

  private static final int OPS = Operation.values().length;
  private static final int OUTCOMES = Outcome.values().length;
  private static final int FORMS = StoredForm.values().length;

  private final MeterRegistry registry;
  private final Tags tags;
  // Meters are looked up once and kept: a registry lookup builds an id and hashes it on every call.
  // Racing threads may both register one; the registry hands both the same meter.
  private final AtomicReferenceArray<Timer> operations = new AtomicReferenceArray<>(OPS * OUTCOMES);
  private final AtomicReferenceArray<Counter[]> putBytes = new AtomicReferenceArray<>(FORMS);
  private final Timer encodeTime;
  private final Timer decodeTime;
  private final Counter encodeTargetBytes;
  private final Counter encodeDeltaBytes;
  private final Counter decodeTargetBytes;
  private final Counter integrityFailures;
  private final Counter backendErrors;

  /** Meters on {@code registry} without tags of their own. */
  public DeltaGliderMetrics(MeterRegistry registry) {
    this(registry, Tags.empty());
  }

  /**
   * Meters on {@code registry}, each tagged with {@code tags} (e.g. {@code store=releases}, to
   * tell several stores apart).
   */
  public DeltaGliderMetrics(MeterRegistry registry, Iterable<Tag> tags) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
    this.encodeTime = codecTimer("encode");
    this.decodeTime = codecTimer("decode");
    this.encodeTargetBytes = codecBytes("encode", "target");
    this.encodeDeltaBytes = codecBytes("encode", "delta");
    this.decodeTargetBytes = codecBytes("decode", "target");
    this.integrityFailures = Counter.builder(INTEGRITY_FAILURES).tags(this.tags)
        .description("Calls that ended because a stored object or reference failed its checks")
        .register(registry);
    this.backendErrors = Counter.builder(BACKEND_ERRORS).tags(this.tags)
        .description("Calls that ended because the storage backend failed or was full")
        .register(registry);
  }

  /** The registry these meters are on. */
  public MeterRegistry registry() {
    return registry;
  }

  /** The tags every meter carries. */
  public Tags tags() {
    return tags;
  }

  /**
   * Registers the gauges and function counters of {@code store} ({@link DeltaStoreMeterBinder})
   * on this registry with these tags.
   *
   * @return the binder; close it to remove those meters (e.g. when the store is closed)
   */
  public DeltaStoreMeterBinder bindTo(DeltaStore store) {
    DeltaStoreMeterBinder binder = new DeltaStoreMeterBinder(store, tags);
    binder.bindTo(registry);
    return binder;
  }

  @Override
  public void operation(Operation operation, Outcome outcome, long nanos) {
    int i = operation.ordinal() * OUTCOMES + outcome.ordinal();
    Timer t = operations.get(i);
    if (t == null) {
      t = Timer.builder(OPERATIONS).tags(tags)
          .tag("operation", lower(operation)).tag("outcome", lower(outcome))
          .description("Public calls of the store, by kind and how they ended")
          .register(registry);
      operations.set(i, t);
    }
    t.record(nanos, TimeUnit.NANOSECONDS);
    if (outcome == Outcome.INTEGRITY_FAILURE) {
      integrityFailures.increment();
    } else if (outcome == Outcome.BACKEND_ERROR) {
      backendErrors.increment();
    }
  }

  @Override
  public void stored(StoredForm form, long original, long stored) {
    Counter[] c = putBytes.get(form.ordinal());
    if (c == null) {
      c = new Counter[] {putBytes("original", form), putBytes("stored", form)};
      putBytes.set(form.ordinal(), c);
    }
    c[0].increment(original);
    c[1].increment(stored);
  }

  @Override
  public void encoded(long targetBytes, long deltaBytes, long nanos) {
    encodeTime.record(nanos, TimeUnit.NANOSECONDS);
    encodeTargetBytes.increment(targetBytes);
    encodeDeltaBytes.increment(deltaBytes);
  }

  @Override
  public void decoded(long targetBytes, long nanos) {
    decodeTime.record(nanos, TimeUnit.NANOSECONDS);
    decodeTargetBytes.increment(targetBytes);
  }

  private Counter putBytes(String kind, StoredForm form) {
    return Counter.builder(PUT_BYTES).tags(tags).tag("kind", kind).tag("form", lower(form)).baseUnit("bytes")
        .description("Bytes given to puts (original) and what they took in the backend (stored)")
        .register(registry);
  }

  private Timer codecTimer(String direction) {
    return Timer.builder(CODEC).tags(tags).tag("direction", direction)
        .description("Time encoding or decoding deltas, with a codec slot held")
        .register(registry);
  }

  private Counter codecBytes(String direction, String kind) {
    return Counter.builder(CODEC_BYTES).tags(tags).tag("direction", direction).tag("kind", kind).baseUnit("bytes")
        .description("Bytes encoded or decoded: the target (original) and the delta written")
        .register(registry);
  }

  static String lower(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }
}
