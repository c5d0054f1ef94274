package io.github.mediastreams.testkit;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Faults to inject into the double: slow answers and errors on chosen calls. A name is either
 * a JSON-RPC method ({@code "create"}, {@code "invoke"}, {@code "transaction"}, ...) or an invoke
 * operation ({@code "processOffer"}, {@code "gatherCandidates"}, ...). Operations inside a
 * transaction count as calls of their own. Thread-safe; obtained from {@link KmsDouble#faults()}.
 *
 * <p>Delays never block the server: a delayed request is answered from a scheduler when its
 * time is up, while other requests and connections go on being served.
 */
public final class Faults {

  /** An armed error: the {@code nth} call from arming time on fails, once. */
  private record Failure(String name, int nth, int code, String message, String type,
      AtomicInteger calls) {
  }

  private final ConcurrentHashMap<String, Duration> delays = new ConcurrentHashMap<>();
  private volatile Duration delayAll = Duration.ZERO;
  private final List<Failure> failures = new CopyOnWriteArrayList<>();

  Faults() {
  }

  /**
   * Delays the answer to every call of a method or operation.
   *
   * @param methodOrOperation e.g. {@code "create"} or {@code "processOffer"}
   * @param delay how long to wait before handling it; zero removes the delay
   * @return these faults, for chaining
   */
  public Faults delay(String methodOrOperation, Duration delay) {
    Objects.requireNonNull(methodOrOperation, "methodOrOperation");
    if (delay.isZero()) {
      delays.remove(methodOrOperation);
    } else {
      delays.put(methodOrOperation, requirePositive(delay));
    }
    return this;
  }

  /**
   * Delays every request, to emulate a loaded KMS (adds to per-name delays).
   *
   * @param delay the latency of each request; zero removes it
   * @return these faults, for chaining
   */
  public Faults delayAll(Duration delay) {
    delayAll = delay.isZero() ? Duration.ZERO : requirePositive(delay);
    return this;
  }

  /**
   * Makes the {@code nth} call (counted from now, starting at 1) of a method or operation fail
   * with a KMS error; {@code data.type} is the one KMS uses for that code.
   *
   * @param methodOrOperation e.g. {@code "create"} or {@code "processOffer"}
   * @param nth which call fails: 1 is the next one
   * @param code the error code, e.g. {@link KmsErrors#NOT_ENOUGH_RESOURCES}
   * @param message the error message
   * @return these faults, for chaining
   */
  public Faults failOnCall(String methodOrOperation, int nth, int code, String message) {
    return failOnCall(methodOrOperation, nth, code, message, KmsErrors.typeOf(code));
  }

  /**
   * Like {@link #failOnCall(String, int, int, String)} with an explicit {@code data.type}.
   *
   * @param methodOrOperation e.g. {@code "create"} or {@code "processOffer"}
   * @param nth which call fails: 1 is the next one
   * @param code the error code
   * @param message the error message
   * @param type the {@code data.type}, or null to send the error without data
   * @return these faults, for chaining
   */
  public Faults failOnCall(String methodOrOperation, int nth, int code, String message,
      String type) {
    Objects.requireNonNull(methodOrOperation, "methodOrOperation");
    Objects.requireNonNull(message, "message");
    if (nth < 1) {
      throw new IllegalArgumentException("nth counts from 1, got " + nth);
    }
    failures.add(new Failure(methodOrOperation, nth, code, message, type, new AtomicInteger()));
    return this;
  }

  /** Removes every delay and every armed error. */
  public void clear() {
    delays.clear();
    delayAll = Duration.ZERO;
    failures.clear();
  }

  /** The total delay for a request naming these methods/operations. */
  long delayNanos(List<String> names) {
    long nanos = delayAll.toNanos();
    if (!delays.isEmpty()) {
      for (String name : names) {
        Duration delay = delays.get(name);
        if (delay != null) {
          nanos += delay.toNanos();
        }
      }
    }
    return nanos;
  }

  /** Counts a call and throws the armed error when this is the call it waits for. */
  void onCall(String name) {
    if (name == null || failures.isEmpty()) {
      return;
    }
    for (Failure failure : failures) {
      if (failure.name().equals(name) && failure.calls().incrementAndGet() == failure.nth()) {
        failures.remove(failure);
        throw new KmsError(failure.code(), failure.message(), failure.type());
      }
    }
  }

  private static Duration requirePositive(Duration delay) {
    if (delay.isNegative()) {
      throw new IllegalArgumentException("negative delay: " + delay);
    }
    return delay;
  }
}
