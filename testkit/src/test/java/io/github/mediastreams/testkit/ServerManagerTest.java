package io.github.mediastreams.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kurento.client.KurentoClient;
import org.kurento.client.MediaObject;
import org.kurento.client.MediaPipeline;
import org.kurento.client.ServerInfo;
import org.kurento.client.ServerManager;

import tools.jackson.databind.JsonNode;

/** The server's ServerManager, as kurento-client asks for it (core.kmd.json), never a live object. */
class ServerManagerTest {

  @RegisterExtension
  static final KmsDoubleExtension kms = new KmsDoubleExtension();

  private KurentoClient kurento;

  @BeforeEach
  void connect() {
    kms.get().reset(true);
    kurento = KurentoClient.create(kms.get().uri());
  }

  @AfterEach
  void destroy() {
    kurento.destroy();
  }

  @Test
  void listsEveryLivePipelineOfAnySession() {
    MediaPipeline ours = kurento.createMediaPipeline();
    KurentoClient other = KurentoClient.create(kms.get().uri());
    try {
      MediaPipeline theirs = other.createMediaPipeline();

      List<MediaPipeline> pipelines = kurento.getServerManager().getPipelines();

      assertThat(pipelines).extracting(MediaObject::getId)
          .containsExactlyInAnyOrder(ours.getId(), theirs.getId());
      assertThat(kms.get().liveObjectCount()).as("the ServerManager is not a live object")
          .isEqualTo(2);
    } finally {
      other.destroy();
    }
  }

  @Test
  void reportsTheLoadTheTestSets() {
    kms.get().load().cpuPercent(170.5f).usedMemoryKib(2_000_000).cpuCount(4);
    ServerManager manager = kurento.getServerManager();

    assertThat(manager.getUsedCpu(100)).isEqualTo(170.5f);
    assertThat(manager.getUsedMemory()).isEqualTo(2_000_000L);
    assertThat(manager.getCpuCount()).isEqualTo(4);
  }

  @Test
  void describesItselfAsKms73() {
    ServerInfo info = kurento.getServerManager().getInfo();

    assertThat(info.getVersion()).isEqualTo("7.3.0");
    assertThat(info.getModules()).extracting(m -> m.getName())
        .contains("kurento", "platedetector", "crowddetector");
    assertThat(info.getModules().get(0).getFactories()).contains("MediaPipeline", "WebRtcEndpoint");
  }

  @Test
  void getUsedCpuTakesItsIntervalAndHoldsUpTheConnectionsNextRequests() {
    try (RawKmsClient raw = new RawKmsClient(kms.get().uri())) {
      raw.sendText("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"invoke\",\"params\":{\"object\":"
          + "\"manager_ServerManager\",\"operation\":\"getUsedCpu\",\"operationParams\":"
          + "{\"interval\":400}}}");
      raw.sendText("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}");

      JsonNode first = raw.next();
      assertThat(first.path("id").asInt()).as("KMS answers a connection's requests in order")
          .isEqualTo(1);
      assertThat(raw.next().path("id").asInt()).isEqualTo(2);
    }
  }
}
