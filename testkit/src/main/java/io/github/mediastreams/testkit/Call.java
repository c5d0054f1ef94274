package io.github.mediastreams.testkit;

import java.util.ArrayList;
import java.util.List;

/**
 * One top-level request being handled. Work that must happen after the response is sent (the
 * events a {@code gatherCandidates} triggers) is queued here, so a client always sees the
 * response first, then the events, as with KMS when it answers before it gathers.
 */
final class Call {

  private final Connection connection;
  private final List<Runnable> afterResponse = new ArrayList<>(0);

  Call(Connection connection) {
    this.connection = connection;
  }

  Connection connection() {
    return connection;
  }

  void afterResponse(Runnable action) {
    afterResponse.add(action);
  }

  void runAfterResponse() {
    afterResponse.forEach(Runnable::run);
  }
}
