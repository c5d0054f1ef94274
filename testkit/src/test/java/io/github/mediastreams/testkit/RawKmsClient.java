package io.github.mediastreams.testkit;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A bare JSON-RPC WebSocket client (the JDK's), for what kurento-client cannot send. */
final class RawKmsClient implements AutoCloseable {

  static final JsonMapper JSON = JsonMapper.builder().build();
  // Generous: a loaded 2-core CI machine is slow, and this only bounds a wait for an answer that must come.
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final WebSocket socket;
  private final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
  private final List<JsonNode> skipped = new ArrayList<>();
  private final AtomicInteger ids = new AtomicInteger(1000);

  RawKmsClient(String uri) {
    this(HttpClient.newHttpClient(), uri);
  }

  RawKmsClient(HttpClient http, String uri) {
    socket = http.newWebSocketBuilder()
        .buildAsync(URI.create(uri), new WebSocket.Listener() {
          private final StringBuilder partial = new StringBuilder();

          @Override
          public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
              received.add(JSON.readTree(partial.toString()));
              partial.setLength(0);
            }
            webSocket.request(1);
            return null;
          }
        }).join();
  }

  void sendText(String text) {
    socket.sendText(text, true).join();
  }

  /** Sends a request with a fresh id and waits for its response; other messages are kept. */
  JsonNode call(String method, String paramsJson) {
    int id = ids.incrementAndGet();
    String params = paramsJson == null ? "" : ",\"params\":" + paramsJson;
    sendText("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\"" + params + "}");
    return responseTo(id);
  }

  JsonNode responseTo(int id) {
    for (JsonNode message = next(); ; message = next()) {
      if (message.path("id").isNumber() && message.path("id").asInt() == id) {
        return message;
      }
      skipped.add(message);
    }
  }

  /** The next message of any kind, failing after a timeout. */
  JsonNode next() {
    if (!skipped.isEmpty()) {
      return skipped.remove(0);
    }
    try {
      JsonNode message = received.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      if (message == null) {
        throw new AssertionError("No message from the KMS double within " + TIMEOUT);
      }
      return message;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The next message if one arrives within the wait, else null. */
  JsonNode poll(Duration wait) throws InterruptedException {
    if (!skipped.isEmpty()) {
      return skipped.remove(0);
    }
    return received.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    socket.abort();
  }
}
