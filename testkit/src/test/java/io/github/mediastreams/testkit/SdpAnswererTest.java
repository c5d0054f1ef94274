package io.github.mediastreams.testkit;

import static io.github.mediastreams.testkit.KurentoClientLoopbackTest.all;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/** The SDP answers a browser's setRemoteDescription has to accept. */
class SdpAnswererTest {

  private final SdpAnswerer answerer = new SdpAnswerer();
  private final SdpAnswerer.Capabilities both = new SdpAnswerer.Capabilities(true, true, false);

  @Test
  void keepsOnlySupportedCodecsWithTheirAttributes() {
    String answer = answer(Resources.chromiumOffer(), both);

    assertThat(answer).contains("a=rtpmap:111 opus/48000/2", "a=fmtp:111 minptime=10;useinbandfec=1",
        "a=rtcp-fb:96 nack pli", "a=fmtp:100 profile-id=2");
    // RTX, RED, FEC, CN, DTMF and G722 are not KMS codecs; transport-cc is not offered back.
    assertThat(answer).doesNotContain("rtx/90000", "red/", "ulpfec", "CN/8000",
        "telephone-event", "G722", "transport-cc", "a=rtpmap:97 ", "a=fmtp:97 ");
    assertThat(all(answer, "a=extmap:(.*)"))
        .containsExactly("2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
            "2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time");
  }

  @Test
  void mirrorsDirections() {
    String offer = Resources.chromiumOffer().replaceFirst("a=sendrecv", "a=sendonly")
        .replaceFirst("a=sendrecv", "a=recvonly");

    assertThat(all(answer(offer, both), "a=(sendrecv|sendonly|recvonly|inactive)"))
        .containsExactly("recvonly", "sendonly");
  }

  @Test
  void answersAPresentersSendonlyAndAViewersRecvonlyOfferAsKmsDid() {
    // one-to-many.jsonl: KMS answered the presenter's offer, then two viewers'.
    List<String> recorded = new ArrayList<>();
    for (String line : Resources.text("/kms-transcripts/one-to-many.jsonl").split("\n")) {
      JsonNode value = RawKmsClient.JSON.readTree(line).path("msg").path("result").path("value");
      if (value.isString() && value.asString().startsWith("v=0")) {
        recorded.add(value.asString());
      }
    }
    assertThat(recorded).hasSize(3);
    String presenter = answer(Resources.text("/kms-transcripts/chromium-sendonly-offer.sdp"), both);
    String viewer = answer(Resources.text("/kms-transcripts/chromium-recvonly-offer.sdp"), both);

    for (String[] pair : new String[][] { { presenter, recorded.get(0) }, { viewer, recorded.get(1) } }) {
      assertThat(all(pair[0], "a=(sendrecv|sendonly|recvonly|inactive)"))
          .isEqualTo(all(pair[1], "a=(sendrecv|sendonly|recvonly|inactive)"));
      assertThat(all(pair[0], "(m=\\S+ \\S+ \\S+)")).isEqualTo(all(pair[1], "(m=\\S+ \\S+ \\S+)"));
      assertThat(all(pair[0], "(a=ssrc:)")).hasSameSizeAs(all(pair[1], "(a=ssrc:)"));
    }
    assertThat(all(presenter, "a=(sendonly|recvonly)")).containsExactly("recvonly", "recvonly");
    assertThat(all(viewer, "a=(sendonly|recvonly)")).containsExactly("sendonly", "sendonly");
  }

  @Test
  void aRecvonlyEndpointNeverSends() {
    SdpAnswerer.Capabilities recvonly = new SdpAnswerer.Capabilities(false, true, false);

    String answer = answer(Resources.chromiumOffer(), recvonly);

    assertThat(all(answer, "a=(sendrecv|sendonly|recvonly|inactive)"))
        .containsExactly("recvonly", "recvonly");
    assertThat(answer).doesNotContain("a=msid:");
  }

  @Test
  void rejectedAndUnsupportedLinesStayRejectedAndLeaveTheBundle() {
    String offer = Resources.chromiumOffer()
        .replace("m=video 9 UDP/TLS/RTP/SAVPF", "m=video 0 UDP/TLS/RTP/SAVPF")
        .replace("a=group:BUNDLE 0 1", "a=group:BUNDLE 0 1 2")
        + "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\n"
        + "a=mid:2\r\na=sctp-port:5000\r\n";

    String answer = answer(offer, both);

    assertThat(all(answer, "(m=\\S+ \\d+)"))
        .containsExactly("m=audio 1", "m=video 0", "m=application 0");
    assertThat(all(answer, "a=mid:(\\S+)")).containsExactly("0", "1", "2");
    assertThat(answer).contains("a=group:BUNDLE 0\r\n");
  }

  @Test
  void answersDataChannelsWhenTheEndpointUsesThem() {
    String offer = Resources.chromiumOffer().replace("a=group:BUNDLE 0 1", "a=group:BUNDLE 0 1 2")
        + "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\n"
        + "a=mid:2\r\na=sctp-port:5000\r\n";

    String answer = answer(offer, new SdpAnswerer.Capabilities(true, true, true));

    assertThat(answer).contains("m=application 1 UDP/DTLS/SCTP webrtc-datachannel",
        "a=group:BUNDLE 0 1 2", "a=sctp-port:5000");
  }

  @Test
  void everyMediaLineCarriesTheSameIdentity() {
    String answer = answer(Resources.chromiumOffer(), both);

    for (String attribute : new String[] {"a=ice-ufrag:(.*)", "a=ice-pwd:(.*)",
        "a=fingerprint:(.*)"}) {
      assertThat(all(answer, attribute)).hasSize(2)
          .containsOnly(all(answer, attribute).get(0));
    }
    assertThat(all(answer(Resources.chromiumOffer(), both), "a=ice-ufrag:(.*)").get(0))
        .as("another endpoint's credentials")
        .isNotEqualTo(all(answer, "a=ice-ufrag:(.*)").get(0));
  }

  @Test
  void refusesWhatIsNotSdp() {
    assertThatThrownBy(() -> Sdp.parse("this is not sdp"))
        .isInstanceOfSatisfying(KmsError.class, e -> {
          assertThat(e.code()).isEqualTo(40201);
          assertThat(e.getMessage()).isEqualTo("Invalid SDP");
        });
    assertThatThrownBy(() -> Sdp.parse("v=0\r\ns=-\r\nt=0 0\r\n"))
        .isInstanceOf(KmsError.class);
  }

  private String answer(String offer, SdpAnswerer.Capabilities capabilities) {
    return answerer.answer(Sdp.parse(offer), capabilities, SdpAnswerer.Identity.random());
  }
}
