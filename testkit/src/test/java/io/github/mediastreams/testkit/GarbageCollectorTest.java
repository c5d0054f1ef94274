package io.github.mediastreams.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kurento.client.KurentoClient;
import org.kurento.client.MediaPipeline;
import org.kurento.client.ServerManager;
import org.kurento.jsonrpc.client.JsonRpcClientNettyWebSocket;

/**
 * KMS's per-session references and its garbage collector, as {@code MediaSet} has them: an object lives while a
 * session references it; a session goes when nobody used it for a whole collector period, the sessions of open
 * connections being kept alive; {@code closeSession} drops a session's references at once.
 */
class GarbageCollectorTest {

  @RegisterExtension
  static final KmsDoubleExtension kmsDouble = new KmsDoubleExtension();

  KmsDouble kms;

  KurentoClient live;

  @BeforeEach
  void clean() {
    kms = kmsDouble.get();
    kms.reset(true);
    // Sessions left by earlier tests of this class go first.
    kms.collectGarbage();
    kms.collectGarbage();
    live = KurentoClient.create(kms.uri());
  }

  @AfterEach
  void close() {
    live.destroy();
  }

  @Test
  void aDroppedClientsPipelineGoesInTheSecondPassAndALiveClientsStays() {
    MediaPipeline kept = live.createMediaPipeline();
    String left = crashedClientsPipeline();

    assertThat(kms.collectGarbage()).as("released by the first pass").isZero();
    assertThat(kms.findObject(left)).as("the dropped client's pipeline after one pass").isPresent();
    assertThat(kms.collectGarbage()).as("released by the second pass").isEqualTo(1);
    assertThat(kms.findObject(left)).as("after two passes").isEmpty();

    for (int i = 0; i < 3; i++) {
      kms.collectGarbage();
    }
    assertThat(kms.findObject(kept.getId())).as("the connected client's pipeline").isPresent();
    kept.release();
  }

  @Test
  void aLiveSessionThatCalledAnotherSessionsPipelineKeepsItUntilItClosesItsSession() throws Exception {
    String left = crashedClientsPipeline();
    ServerManager manager = live.getServerManager();
    MediaPipeline touched = manager.getPipelines().stream()
      .filter((pipeline) -> pipeline.getId().equals(left))
      .findFirst()
      .orElseThrow();
    touched.getTags();
    assertThat(kms.sessionsReferencing(left)).hasSize(2);

    for (int i = 0; i < 4; i++) {
      kms.collectGarbage();
    }
    assertThat(kms.findObject(left)).as("pinned by the live session that called it").isPresent();
    assertThat(kms.sessionsReferencing(left)).hasSize(1);

    JsonRpcClientNettyWebSocket rpc = new JsonRpcClientNettyWebSocket(kms.uri());
    rpc.setSendCloseMessage(true);
    KurentoClient sweeper = KurentoClient.createFromJsonRpcClient(rpc);
    String other = crashedClientsPipeline();
    sweeper.getById(other, MediaPipeline.class).getTags();
    kms.collectGarbage();
    kms.collectGarbage();
    assertThat(kms.findObject(other)).as("pinned by a second live session").isPresent();
    sweeper.destroy();
    assertThat(kms.findObject(other)).as("once that session is closed").isEmpty();
  }

  @Test
  void aPeriodicCollectorFreesWhatADroppedClientLeft() {
    try (KmsDouble collecting = KmsDouble.builder().garbageCollectorPeriod(Duration.ofMillis(200)).start()) {
      KurentoClient crashed = KurentoClient.createFromJsonRpcClient(
          new JsonRpcClientNettyWebSocket(collecting.uri()));
      String left = crashed.createMediaPipeline().getId();
      KurentoClient running = KurentoClient.create(collecting.uri());
      MediaPipeline kept = running.createMediaPipeline();
      crashed.destroy();

      await().atMost(Duration.ofSeconds(5)).until(() -> collecting.findObject(left).isEmpty());
      await().pollDelay(Duration.ofMillis(600)).until(() -> true);
      assertThat(collecting.findObject(kept.getId())).as("the connected client's pipeline").isPresent();
      running.destroy();
    }
  }

  /** A pipeline whose client went away without closing its session, as a killed application's. */
  private String crashedClientsPipeline() {
    // KurentoClient.create would say closeSession on destroy; this client just closes its connection.
    KurentoClient crashed = KurentoClient.createFromJsonRpcClient(new JsonRpcClientNettyWebSocket(kms.uri()));
    String id = crashed.createMediaPipeline().getId();
    String session = kms.sessionsReferencing(id).iterator().next();
    crashed.destroy();
    // The close reaches the server on its own thread: until then the session is kept alive.
    await().atMost(Duration.ofSeconds(5)).until(() -> !kms.connectedSessions().contains(session));
    return id;
  }
}
