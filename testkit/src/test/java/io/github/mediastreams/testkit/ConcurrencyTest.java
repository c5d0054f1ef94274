package io.github.mediastreams.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/** Many sessions at once, each on its own connection, with KMS-like latency on every call. */
class ConcurrencyTest {

  private static final int SESSIONS = 100;

  @Test
  void manySessionsNegotiateConcurrentlyDespiteLatency() throws Exception {
    String offer = RawKmsClient.JSON.writeValueAsString(Resources.chromiumOffer());
    try (KmsDouble kms = KmsDouble.start()) {
      kms.faults().delayAll(Duration.ofMillis(50));
      HttpClient http = HttpClient.newHttpClient();
      ExecutorService pool = Executors.newFixedThreadPool(32);
      try {
        List<Future<String>> answers = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < SESSIONS; i++) {
          answers.add(pool.submit(() -> {
            try (RawKmsClient client = new RawKmsClient(http, kms.uri())) {
              JsonNode pipeline = client.call("create",
                  "{\"type\":\"MediaPipeline\",\"constructorParams\":{}}").path("result");
              String endpoint = client.call("create", "{\"type\":\"WebRtcEndpoint\","
                  + "\"constructorParams\":{\"mediaPipeline\":\""
                  + pipeline.path("value").asString() + "\"}}").path("result").path("value")
                  .asString();
              return client.call("invoke", "{\"object\":\"" + endpoint
                  + "\",\"operation\":\"processOffer\",\"operationParams\":{\"offer\":" + offer
                  + "}}").path("result").path("value").asString();
            }
          }));
        }
        for (Future<String> answer : answers) {
          assertThat(answer.get(30, TimeUnit.SECONDS)).startsWith("v=0");
        }
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

        // 100 sessions x 3 calls x 50 ms would take 15 s one after another.
        assertThat(elapsedMillis).isLessThan(10_000);
        assertThat(kms.liveObjectCount("MediaPipeline")).isEqualTo(SESSIONS);
        assertThat(kms.liveObjectCount("WebRtcEndpoint")).isEqualTo(SESSIONS);
        assertThat(kms.requests("processOffer")).hasSize(SESSIONS);
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
