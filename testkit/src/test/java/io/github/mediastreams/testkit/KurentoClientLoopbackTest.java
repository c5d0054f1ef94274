package io.github.mediastreams.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kurento.client.IceCandidate;
import org.kurento.client.IceCandidateFoundEvent;
import org.kurento.client.KurentoClient;
import org.kurento.client.MediaPipeline;
import org.kurento.client.WebRtcEndpoint;

/** The real kurento-client 7.3.0 runs the hello-world loopback against the double. */
class KurentoClientLoopbackTest {

  @RegisterExtension
  static final KmsDoubleExtension kms = new KmsDoubleExtension();

  private KurentoClient kurento;

  @BeforeEach
  void connect() {
    kurento = KurentoClient.create(kms.get().uri());
  }

  @AfterEach
  void disconnect() {
    kurento.destroy();
  }

  @Test
  void helloWorldLoopbackNegotiatesGathersAndReleases() throws Exception {
    String offer = Resources.chromiumOffer();
    MediaPipeline pipeline = kurento.createMediaPipeline();
    WebRtcEndpoint endpoint = new WebRtcEndpoint.Builder(pipeline).build();
    endpoint.connect(endpoint);
    List<IceCandidateFoundEvent> found = new CopyOnWriteArrayList<>();
    CountDownLatch gatheringDone = new CountDownLatch(1);
    endpoint.addIceCandidateFoundListener(found::add);
    endpoint.addIceGatheringDoneListener(event -> gatheringDone.countDown());

    String answer = endpoint.processOffer(offer);

    assertThat(mediaLines(answer)).containsExactly(
        "m=audio 1 UDP/TLS/RTP/SAVPF 111 0 8",
        "m=video 1 UDP/TLS/RTP/SAVPF 96 102 104 108 114 116 39 45 98 100");
    assertThat(all(answer, "a=mid:(\\S+)")).containsExactly("0", "1");
    assertThat(all(answer, "a=(sendrecv|sendonly|recvonly|inactive)"))
        .containsExactly("sendrecv", "sendrecv");
    assertThat(answer).contains("a=group:BUNDLE 0 1\r\n", "s=Kurento Media Server\r\n",
        "a=setup:active\r\n", "a=rtcp-mux\r\n");
    String ufrag = first(answer, "a=ice-ufrag:(\\S+)");
    assertThat(ufrag).matches("[A-Za-z0-9+/]{4,}").isNotEqualTo(first(offer, "a=ice-ufrag:(\\S+)"));
    assertThat(first(answer, "a=ice-pwd:(\\S+)")).matches("[A-Za-z0-9+/]{22,}");
    String fingerprint = first(answer, "a=fingerprint:sha-256 (\\S+)");
    assertThat(fingerprint).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}")
        .isNotEqualTo(first(offer, "a=fingerprint:sha-256 (\\S+)"));

    endpoint.gatherCandidates();

    assertThat(gatheringDone.await(5, TimeUnit.SECONDS)).isTrue();
    await().atMost(Duration.ofSeconds(20)).until(() -> found.size() == 12);
    assertThat(found).allSatisfy(event -> {
      assertThat(event.getCandidate().getCandidate()).startsWith("candidate:")
          .contains(" 127.0.0.1 ").contains(" typ host");
      assertThat(event.getCandidate().getSdpMid()).isIn("0", "1");
    });
    assertThat(found).extracting(e -> e.getCandidate().getSdpMLineIndex())
        .containsOnly(0, 1);

    String remote = "candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host generation 0";
    endpoint.addIceCandidate(new IceCandidate(remote, "0", 0));
    endpoint.addIceCandidate(new IceCandidate("garbage", "1", 1));

    KmsDouble server = kms.get();
    assertThat(server.iceCandidatesReceived(endpoint.getId())).containsExactly(remote, "garbage");
    KmsObject snapshot = server.object(endpoint.getId());
    assertThat(snapshot.type()).isEqualTo("WebRtcEndpoint");
    assertThat(snapshot.parentId()).isEqualTo(pipeline.getId());
    assertThat(snapshot.sinkIds()).containsExactly(endpoint.getId());
    assertThat(snapshot.remoteSessionDescriptor()).isEqualTo(offer);
    assertThat(endpoint.getLocalSessionDescriptor()).isEqualTo(answer);
    assertThat(endpoint.getRemoteSessionDescriptor()).isEqualTo(offer);
    assertThat(endpoint.getName()).isEqualTo(endpoint.getId());
    endpoint.setName("hello-endpoint");
    assertThat(endpoint.getName()).isEqualTo("hello-endpoint");
    assertThat(endpoint.getMediaPipeline().getId()).isEqualTo(pipeline.getId());
    assertThat(pipeline.getChildren()).extracting(child -> child.getId())
        .containsExactly(endpoint.getId());
    assertThat(server.liveObjects()).containsEntry("MediaPipeline", 1)
        .containsEntry("WebRtcEndpoint", 1);

    pipeline.release();

    assertThat(server.liveObjectCount()).isZero();
  }

  @Test
  void idsHaveKmsForm() {
    MediaPipeline pipeline = kurento.createMediaPipeline();
    WebRtcEndpoint endpoint = new WebRtcEndpoint.Builder(pipeline).build();

    String uuid = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    assertThat(pipeline.getId()).matches(uuid + "_kurento\\.MediaPipeline");
    assertThat(endpoint.getId())
        .matches(Pattern.quote(pipeline.getId()) + "/" + uuid + "_kurento\\.WebRtcEndpoint");
    assertThat(kms.get().liveObjectIds("WebRtcEndpoint")).containsExactly(endpoint.getId());
    pipeline.release();
  }

  @Test
  void candidatesGatheredBeforeTheOfferArriveAfterIt() throws Exception {
    MediaPipeline pipeline = kurento.createMediaPipeline();
    WebRtcEndpoint endpoint = new WebRtcEndpoint.Builder(pipeline).build();
    CountDownLatch gatheringDone = new CountDownLatch(1);
    endpoint.addIceGatheringDoneListener(event -> gatheringDone.countDown());

    endpoint.gatherCandidates();
    assertThat(gatheringDone.await(300, TimeUnit.MILLISECONDS)).isFalse();
    endpoint.processOffer(Resources.chromiumOffer());

    assertThat(gatheringDone.await(5, TimeUnit.SECONDS)).isTrue();
    pipeline.release();
  }

  static List<String> mediaLines(String sdp) {
    return all(sdp, "(m=.*)");
  }

  static List<String> all(String text, String regex) {
    List<String> values = new ArrayList<>();
    Matcher matcher = Pattern.compile(regex, Pattern.MULTILINE).matcher(text.replace("\r", ""));
    while (matcher.find()) {
      values.add(matcher.group(1));
    }
    return values;
  }

  static String first(String text, String regex) {
    List<String> values = all(text, regex);
    assertThat(values).as("%s in%n%s", regex, text).isNotEmpty();
    return values.get(0);
  }
}
