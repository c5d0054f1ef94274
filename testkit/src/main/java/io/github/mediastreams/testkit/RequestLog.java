package io.github.mediastreams.testkit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import tools.jackson.databind.node.ObjectNode;

/**
 * Every request received, in arrival order, for tests to assert on. Bounded so a standalone
 * double serving a long demo does not grow without end: past the limit the oldest go first.
 */
final class RequestLog {

  private final ConcurrentLinkedQueue<RecordedRequest> entries = new ConcurrentLinkedQueue<>();
  private final AtomicInteger size = new AtomicInteger();
  private final int limit;

  RequestLog(int limit) {
    this.limit = limit;
  }

  void record(String method, ObjectNode params, Connection connection, String sessionId,
      boolean inTransaction) {
    String operation = "invoke".equals(method) ? Json.text(params, "operation") : null;
    entries.add(new RecordedRequest(method, operation, Json.text(params, "object"),
        Json.toMap(params), connection.id(), sessionId, inTransaction, Instant.now()));
    if (size.incrementAndGet() > limit && entries.poll() != null) {
      size.decrementAndGet();
    }
  }

  List<RecordedRequest> snapshot() {
    return List.copyOf(new ArrayList<>(entries));
  }

  void clear() {
    entries.clear();
    size.set(0);
  }
}
