package io.github.mediastreams.testkit;

import java.time.Instant;
import java.util.Map;

/**
 * One request the double received. Each operation inside a {@code transaction} is recorded too,
 * after the transaction itself, with {@link #inTransaction()} set.
 *
 * @param method the JSON-RPC method: {@code create}, {@code invoke}, {@code subscribe}, ...
 * @param operation the invoked operation ({@code processOffer}, ...), null unless an invoke
 * @param objectId the object the request names ({@code params.object}), null if none; inside a
 *     transaction it may still be a {@code newref:N} reference
 * @param params the request's {@code params} as plain Java values (maps, lists, strings, numbers)
 * @param connectionId the WebSocket connection it arrived on, numbered from 1 per double
 * @param sessionId the session it belongs to: its own {@code sessionId} or its connection's
 * @param inTransaction whether it was one operation of a transaction
 * @param receivedAt when it arrived
 */
public record RecordedRequest(String method, String operation, String objectId,
    Map<String, Object> params, long connectionId, String sessionId, boolean inTransaction,
    Instant receivedAt) {

  /**
   * The invoke's {@code operationParams}, or the create's {@code constructorParams}, else empty.
   *
   * @return the parameters of the operation as plain Java values
   */
  @SuppressWarnings("unchecked")
  public Map<String, Object> operationParams() {
    Object value = params.get("operationParams");
    if (value == null) {
      value = params.get("constructorParams");
    }
    return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
  }

  /**
   * Whether this is the given method, or an invoke of the given operation.
   *
   * @param methodOrOperation e.g. {@code "create"} or {@code "processOffer"}
   * @return true when it names this request
   */
  public boolean is(String methodOrOperation) {
    return methodOrOperation.equals(method) || methodOrOperation.equals(operation);
  }
}
