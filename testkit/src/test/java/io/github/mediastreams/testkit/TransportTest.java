package io.github.mediastreams.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/** The WebSocket endpoint and the KmsDouble lifecycle. */
class TransportTest {

  @Test
  void listensOnKurentoPathOnly() {
    try (KmsDouble kms = KmsDouble.start()) {
      assertThat(kms.uri()).isEqualTo("ws://127.0.0.1:" + kms.port() + "/kurento");
      String other = "ws://127.0.0.1:" + kms.port() + "/other";

      assertThatThrownBy(() -> HttpClient.newHttpClient().newWebSocketBuilder()
          .buildAsync(URI.create(other), new WebSocket.Listener() { }).join())
          .isInstanceOf(CompletionException.class);
      try (RawKmsClient raw = new RawKmsClient(kms.uri())) {
        assertThat(raw.call("ping", null).path("result").path("value").asString())
            .isEqualTo("pong");
      }
    }
  }

  @Test
  void aClientThatAsksAgainAsSoonAsItIsAnsweredGetsEveryAnswer() {
    // Each answer is written on a worker thread while the selector thread may still be finishing
    // the last one: the case in which Java-WebSocket 1.6.0 strands a frame (WebSocketTransport).
    try (KmsDouble kms = KmsDouble.start(); RawKmsClient raw = new RawKmsClient(kms.uri())) {
      for (int i = 0; i < 20_000; i++) {
        assertThat(raw.call("ping", null).path("result").path("value").asString())
            .as("answer %d", i).isEqualTo("pong");
      }
    }
  }

  @Test
  void listensOnTheRequestedPortAndStopsListening() {
    int port;
    try (KmsDouble probe = KmsDouble.start()) {
      port = probe.port();
    }
    try (KmsDouble kms = KmsDouble.builder().port(port).start()) {
      assertThat(kms.port()).isEqualTo(port);
      assertThat(kms.isRunning()).isTrue();
      kms.stop();
      assertThat(kms.isRunning()).isFalse();
      assertThatThrownBy(() -> new RawKmsClient(kms.uri())).isInstanceOf(CompletionException.class);
    }
  }

  @Test
  void sessionsOutliveTheirConnection() {
    try (KmsDouble kms = KmsDouble.start()) {
      String sessionId;
      String pipeline;
      try (RawKmsClient first = new RawKmsClient(kms.uri())) {
        JsonNode created = first.call("create",
            "{\"type\":\"MediaPipeline\",\"constructorParams\":{}}");
        sessionId = created.path("result").path("sessionId").asString();
        pipeline = created.path("result").path("value").asString();
      }
      try (RawKmsClient second = new RawKmsClient(kms.uri())) {
        JsonNode resumed = second.call("connect", "{\"sessionId\":\"" + sessionId + "\"}");
        assertThat(resumed.path("result").path("sessionId").asString()).isEqualTo(sessionId);
        assertThat(resumed.path("result").path("serverId").asString()).isEqualTo(kms.serverId());
        // The connection is now the session's: a subscription made on it gets the events.
        second.call("subscribe", "{\"object\":\"" + pipeline + "\",\"type\":\"Error\"}");
        assertThat(kms.fireError(pipeline, "boom", 1, "TEST")).isEqualTo(1);
        JsonNode event = second.next();
        assertThat(event.path("method").asString()).isEqualTo("onEvent");
        assertThat(event.path("params").path("value").path("data").path("description").asString())
            .isEqualTo("boom");
      }
      assertThat(kms.liveObjectIds("MediaPipeline")).containsExactly(pipeline);
    }
  }

  @Test
  void resetCanReleaseEverything() {
    try (KmsDouble kms = KmsDouble.start(); RawKmsClient raw = new RawKmsClient(kms.uri())) {
      raw.call("create", "{\"type\":\"MediaPipeline\",\"constructorParams\":{}}");
      kms.faults().delayAll(java.time.Duration.ofSeconds(30));

      kms.reset(true);

      assertThat(kms.liveObjectCount()).isZero();
      assertThat(kms.requests()).isEmpty();
      assertThat(raw.call("ping", null).path("result").path("value").asString()).isEqualTo("pong");
    }
  }
}
