package io.github.mediastreams.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * What the double's endpoints raise after {@code gatherCandidates}, against the two recordings of
 * a real KMS 7.3 with a real Chromium on the other side: {@code media-flow.jsonl} (ICE connects,
 * media flows) and {@code ice-fail.jsonl} (UDP blocked: ICE fails). Same events, same order
 * (candidates aside: the recordings gathered on two interfaces), same shapes.
 */
class MediaTimelineTest {

  static final Set<String> TRANSCRIPTS = Set.of("media-flow.jsonl", "ice-fail.jsonl");

  private static final List<String> EVENTS = List.of("IceCandidateFound", "IceGatheringDone",
      "IceComponentStateChanged", "NewCandidatePairSelected", "MediaFlowInStateChanged",
      "MediaFlowOutStateChanged", "MediaStateChanged", "ConnectionStateChanged",
      "MediaTranscodingStateChanged", "DataChannelOpened", "Error");

  private KmsDouble kms;
  private RawKmsClient client;

  @BeforeEach
  void start() {
    kms = KmsDouble.start();
    client = new RawKmsClient(kms.uri());
  }

  @AfterEach
  void stop() {
    client.close();
    kms.close();
  }

  @Test
  void mediaFlowsAsRecorded() throws Exception {
    String endpoint = negotiatedEndpoint();
    client.call("invoke", invoke(endpoint, "gatherCandidates", "{}"));

    List<JsonNode> ours = eventsUntil("IceComponentStateChanged", "READY");

    assertSameTimeline("media-flow.jsonl", ours);
    JsonNode pair = find(ours, "NewCandidatePairSelected").path("data").path("candidatePair");
    assertThat(pair.path("remoteCandidate").asString())
        .as("the pair uses a candidate the browser sent")
        .isEqualTo("candidate:1 1 udp 2122260223 198.18.0.1 50000 typ host");
    assertThat(ours).filteredOn(e -> e.path("type").asString().equals("IceCandidateFound"))
        .extracting(e -> e.path("data").path("candidate").path("candidate").asString())
        .contains(pair.path("localCandidate").asString());
  }

  @Test
  void iceFailsAsRecorded() throws Exception {
    kms.media().mode(MediaBehaviour.Mode.ICE_FAILS).failAfter(Duration.ofMillis(100));
    String endpoint = negotiatedEndpoint();
    client.call("invoke", invoke(endpoint, "gatherCandidates", "{}"));

    List<JsonNode> ours = eventsUntil("IceComponentStateChanged", "FAILED");

    assertSameTimeline("ice-fail.jsonl", ours);
    assertThat(client.poll(Duration.ofMillis(300))).as("nothing follows a failure").isNull();
  }

  @Test
  void theCandidatesLeadToPortsThatTakeChecksAndAnswerNone() throws Exception {
    String endpoint = negotiatedEndpoint();
    client.call("invoke", invoke(endpoint, "gatherCandidates", "{}"));
    List<String> candidates = eventsUntil("IceComponentStateChanged", "CONNECTING").stream()
        .filter(e -> e.path("type").asString().equals("IceCandidateFound"))
        .map(e -> e.path("data").path("candidate").path("candidate").asString())
        .toList();
    int udpPort = port(candidates, " UDP ");
    int tcpPort = port(candidates, "tcptype passive");

    // A port nobody held would answer with ICMP port unreachable, on which a browser gives ICE up at once.
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", udpPort));
      socket.setSoTimeout(300);
      byte[] check = new byte[20];
      for (int i = 0; i < 3; i++) {
        socket.send(new DatagramPacket(check, check.length));
      }
      assertThatThrownBy(() -> socket.receive(new DatagramPacket(new byte[64], 64)))
          .as("no answer, and no ICMP port unreachable").isInstanceOf(SocketTimeoutException.class);
    }
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", tcpPort), 2000);
      socket.setSoTimeout(300);
      socket.getOutputStream().write(new byte[20]);
      assertThatThrownBy(() -> socket.getInputStream().read())
          .as("no answer, and no reset").isInstanceOf(SocketTimeoutException.class);
    }
  }

  private static int port(List<String> candidates, String marker) {
    String candidate = candidates.stream().filter(c -> c.contains(marker)).findFirst().orElseThrow();
    return Integer.parseInt(candidate.split(" ")[5]);
  }

  @Test
  void someCandidatesCanComeBeforeTheAnswerToGatherCandidates() throws Exception {
    kms.media().eventsBeforeAnswer(4);
    String endpoint = negotiatedEndpoint();
    int id = 77;
    client.sendText("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"invoke\",\"params\":"
        + invoke(endpoint, "gatherCandidates", "{}") + "}");

    List<String> before = new ArrayList<>();
    for (JsonNode message = client.next(); !message.has("id"); message = client.next()) {
      before.add(message.path("params").path("value").path("type").asString());
    }
    assertThat(before).containsExactly("IceComponentStateChanged", "IceComponentStateChanged",
        "IceCandidateFound", "IceCandidateFound");
  }

  @Test
  void candidatesSpreadOverTimeKeepTheirOrder() throws Exception {
    kms.media().candidateInterval(Duration.ofMillis(5));
    String endpoint = negotiatedEndpoint();
    client.call("invoke", invoke(endpoint, "gatherCandidates", "{}"));

    assertSameTimeline("media-flow.jsonl", eventsUntil("IceComponentStateChanged", "READY"));
  }

  @Test
  void aReleasedEndpointRaisesNothingMore() throws Exception {
    kms.media().connectAfter(Duration.ofMillis(300));
    String endpoint = negotiatedEndpoint();
    client.call("invoke", invoke(endpoint, "gatherCandidates", "{}"));
    eventsUntil("IceComponentStateChanged", "CONNECTING");

    client.call("release", "{\"object\":\"" + endpoint + "\"}");

    assertThat(client.poll(Duration.ofMillis(600))).isNull();
  }

  @Test
  void manualModeLeavesTheRestToTheTest() throws Exception {
    kms.media().mode(MediaBehaviour.Mode.MANUAL);
    String endpoint = negotiatedEndpoint();
    client.call("invoke", invoke(endpoint, "gatherCandidates", "{}"));
    eventsUntil("IceComponentStateChanged", "CONNECTING");

    assertThat(client.poll(Duration.ofMillis(300))).isNull();
    kms.fireEvent(endpoint, "MediaFlowInStateChanged",
        Map.of("mediaType", "VIDEO", "padName", "default", "state", "FLOWING"));
    assertThat(client.next().path("params").path("value").path("type").asString())
        .isEqualTo("MediaFlowInStateChanged");
  }

  /** An endpoint subscribed to every event, with an answered offer and a browser candidate. */
  private String negotiatedEndpoint() {
    String pipeline = client.call("create", "{\"type\":\"MediaPipeline\",\"constructorParams\":{}}")
        .path("result").path("value").asString();
    String endpoint = client.call("create", "{\"type\":\"WebRtcEndpoint\",\"constructorParams\":"
        + "{\"mediaPipeline\":\"" + pipeline + "\"}}").path("result").path("value").asString();
    for (String type : EVENTS) {
      JsonNode subscribed = client.call("subscribe",
          "{\"type\":\"" + type + "\",\"object\":\"" + endpoint + "\"}");
      assertThat(subscribed.has("error")).as("subscribe %s: %s", type, subscribed).isFalse();
    }
    String offer = RawKmsClient.JSON.writeValueAsString(Resources.chromiumOffer());
    client.call("invoke", invoke(endpoint, "processOffer", "{\"offer\":" + offer + "}"));
    client.call("invoke", invoke(endpoint, "addIceCandidate", "{\"candidate\":{\"__module__\":"
        + "\"kurento\",\"__type__\":\"IceCandidate\",\"candidate\":\"candidate:1 1 udp 2122260223"
        + " 198.18.0.1 50000 typ host\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0}}"));
    return endpoint;
  }

  private static String invoke(String object, String operation, String params) {
    return "{\"object\":\"" + object + "\",\"operation\":\"" + operation
        + "\",\"operationParams\":" + params + "}";
  }

  /** The events' {@code value}s, up to and including the first of this type and state. */
  private List<JsonNode> eventsUntil(String type, String state) {
    List<JsonNode> events = new ArrayList<>();
    while (true) {
      JsonNode message = client.next();
      if (!"onEvent".equals(message.path("method").asString())) {
        continue;
      }
      JsonNode value = message.path("params").path("value");
      events.add(value);
      if (value.path("type").asString().equals(type)
          && value.path("data").path("state").asString().equals(state)) {
        return events;
      }
    }
  }

  private static void assertSameTimeline(String transcript, List<JsonNode> ours) {
    List<JsonNode> recorded = recordedEvents(transcript);
    assertThat(timeline(ours)).isEqualTo(timeline(recorded));
    Map<String, JsonNode> recordedByType = new LinkedHashMap<>();
    recorded.forEach(e -> recordedByType.putIfAbsent(e.path("type").asString(), e));
    for (JsonNode event : ours) {
      JsonNode model = recordedByType.get(event.path("type").asString());
      assertThat(shape(event)).as("shape of %s", event).isEqualTo(shape(model));
    }
  }

  /** Each event as its type and, where it has one, its state and media type. */
  private static List<String> timeline(List<JsonNode> events) {
    List<String> timeline = new ArrayList<>();
    for (JsonNode event : events) {
      String type = event.path("type").asString();
      if (type.equals("IceCandidateFound")) {
        continue;
      }
      JsonNode data = event.path("data");
      String state = data.path("state").asString(data.path("newState").asString(""));
      String media = data.path("mediaType").asString("");
      timeline.add((type + " " + state + " " + media).trim());
    }
    return timeline;
  }

  /** Keys and JSON types, all the way down. */
  private static Set<String> shape(JsonNode node) {
    Set<String> shape = new TreeSet<>();
    shape("$", node, shape);
    return shape;
  }

  private static void shape(String path, JsonNode node, Set<String> shape) {
    shape.add(path + ":" + node.getNodeType());
    if (node.isObject()) {
      node.forEachEntry((key, value) -> shape(path + "." + key, value, shape));
    } else if (node.isArray() && !node.isEmpty()) {
      shape(path + "[]", node.get(0), shape);
    }
  }

  private static List<JsonNode> recordedEvents(String transcript) {
    List<JsonNode> events = new ArrayList<>();
    for (String line : Resources.text("/kms-transcripts/" + transcript).split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode message = RawKmsClient.JSON.readTree(line).path("msg");
      if ("onEvent".equals(message.path("method").asString())) {
        events.add(message.path("params").path("value"));
      }
    }
    return events;
  }

  private static JsonNode find(List<JsonNode> events, String type) {
    return events.stream().filter(e -> e.path("type").asString().equals(type)).findFirst()
        .orElseThrow();
  }
}
