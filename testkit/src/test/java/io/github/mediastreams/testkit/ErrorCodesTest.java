package io.github.mediastreams.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kurento.client.GenericMediaElement;
import org.kurento.client.GenericMediaEvent;
import org.kurento.client.KurentoClient;
import org.kurento.client.MediaPipeline;
import org.kurento.client.WebRtcEndpoint;
import org.kurento.client.internal.server.KurentoServerException;

import tools.jackson.databind.JsonNode;

/**
 * Each error KMS sends, with its code, message and data.type, as the recordings show them.
 * (kurento-client's {@code getErrorType()} stays null even with a real KMS, because Gson skips
 * the constructor that would fill it; {@code getData()} shows the type.)
 */
class ErrorCodesTest {

  @RegisterExtension
  static final KmsDoubleExtension kms = new KmsDoubleExtension();

  private KurentoClient kurento;
  private MediaPipeline pipeline;

  @BeforeEach
  void connect() {
    kurento = KurentoClient.create(kms.get().uri());
    pipeline = kurento.createMediaPipeline();
  }

  @AfterEach
  void disconnect() {
    pipeline.release();
    kurento.destroy();
  }

  @Test
  void unknownElementTypeIs40108() {
    assertThatThrownBy(() -> new GenericMediaElement.Builder(pipeline, "NoSuchElementType").build())
        .isInstanceOfSatisfying(KurentoServerException.class, e -> {
          assertThat(e.getCode()).isEqualTo(40108);
          assertThat(e.getData()).isEqualTo("{\"type\":\"MEDIA_OBJECT_NOT_AVAILABLE\"}");
          assertThat(e.getServerMessage()).isEqualTo("Factory 'NoSuchElementType' not found");
        });
  }

  @Test
  void releasedObjectIs40101AndReleasingTwiceSucceeds() {
    WebRtcEndpoint endpoint = new WebRtcEndpoint.Builder(pipeline).build();
    String id = endpoint.getId();
    endpoint.release();

    assertThatThrownBy(endpoint::getName)
        .isInstanceOfSatisfying(KurentoServerException.class, e -> {
          assertThat(e.getCode()).isEqualTo(40101);
          assertThat(e.getData()).isEqualTo("{\"type\":\"MEDIA_OBJECT_NOT_FOUND\"}");
          assertThat(e.getServerMessage()).isEqualTo("Object '" + id + "' not found");
        });
    try (RawKmsClient raw = new RawKmsClient(kms.get().uri())) {
      JsonNode again = raw.call("release", "{\"object\":\"" + id + "\"}");
      assertThat(again.has("error")).isFalse();
      assertThat(again.path("result").propertyNames()).containsExactly("sessionId");
    }
  }

  @Test
  void creatingInAReleasedPipelineIs40101() {
    MediaPipeline released = kurento.createMediaPipeline();
    released.release();

    assertThatThrownBy(() -> new WebRtcEndpoint.Builder(released).build())
        .isInstanceOfSatisfying(KurentoServerException.class,
            e -> assertThat(e.getCode()).isEqualTo(40101));
    assertThat(kms.get().liveObjectCount("WebRtcEndpoint")).isZero();
  }

  @Test
  void unsupportedEventIs40106() {
    GenericMediaElement filter = new GenericMediaElement.Builder(pipeline, "FaceOverlayFilter")
        .build();

    assertThatThrownBy(() -> filter.addEventListener("PlateDetected", event -> { },
        GenericMediaEvent.class))
        .isInstanceOfSatisfying(KurentoServerException.class, e -> {
          assertThat(e.getCode()).isEqualTo(40106);
          assertThat(e.getServerMessage()).isEqualTo("Event 'PlateDetected' not supported");
        });
  }

  @Test
  void inheritedEventsCanBeSubscribed() {
    GenericMediaElement filter = new GenericMediaElement.Builder(pipeline, "PlateDetectorFilter")
        .build();

    filter.addEventListener("Error", event -> { }, GenericMediaEvent.class);
    filter.addEventListener("MediaFlowInStateChanged", event -> { }, GenericMediaEvent.class);
  }

  @Test
  void unparsableSdpIs40201() {
    WebRtcEndpoint endpoint = new WebRtcEndpoint.Builder(pipeline).build();

    assertThatThrownBy(() -> endpoint.processOffer("this is not sdp"))
        .isInstanceOfSatisfying(KurentoServerException.class, e -> {
          assertThat(e.getCode()).isEqualTo(40201);
          assertThat(e.getData()).isEqualTo("{\"type\":\"SDP_PARSE_ERROR\"}");
          assertThat(e.getServerMessage()).isEqualTo("Invalid SDP");
        });
    // A failed offer leaves the endpoint free to negotiate.
    assertThat(endpoint.processOffer(Resources.chromiumOffer())).startsWith("v=0");
  }

  @Test
  void secondOfferIs40208() {
    WebRtcEndpoint endpoint = new WebRtcEndpoint.Builder(pipeline).build();
    endpoint.processOffer(Resources.chromiumOffer());

    assertThatThrownBy(() -> endpoint.processOffer(Resources.chromiumOffer()))
        .isInstanceOfSatisfying(KurentoServerException.class, e -> {
          assertThat(e.getCode()).isEqualTo(40208);
          assertThat(e.getData()).isEqualTo("{\"type\":\"SDP_END_POINT_ALREADY_NEGOTIATED\"}");
          assertThat(e.getServerMessage()).isEqualTo("Endpoint already negotiated");
        });
  }

  @Test
  void unknownOperationIs40008() {
    try (RawKmsClient raw = new RawKmsClient(kms.get().uri())) {
      JsonNode response = raw.call("invoke", "{\"object\":\"" + pipeline.getId()
          + "\",\"operation\":\"noSuchOperation\",\"operationParams\":{\"a\":1,\"b\":2}}");

      assertError(response, 40008, "MALFORMED_TRANSACTION",
          "Method 'noSuchOperation' with 2 parameters not found");
    }
  }

  @Test
  void unknownSessionIs40007() {
    try (RawKmsClient raw = new RawKmsClient(kms.get().uri())) {
      JsonNode response = raw.call("connect",
          "{\"sessionId\":\"00000000-0000-0000-0000-000000000000\"}");

      assertError(response, 40007, "INVALID_SESSION", "Invalid session");
    }
  }

  @Test
  void unknownMethodIsMinus32601WithoutData() {
    try (RawKmsClient raw = new RawKmsClient(kms.get().uri())) {
      JsonNode response = raw.call("noSuchMethod", "{}");

      assertThat(response.path("error").path("code").asInt()).isEqualTo(-32601);
      assertThat(response.path("error").path("message").asString()).isEqualTo("Method not found.");
      assertThat(response.path("error").has("data")).isFalse();
    }
  }

  @Test
  void unparsableJsonIsAParseErrorWithNullId() {
    try (RawKmsClient raw = new RawKmsClient(kms.get().uri())) {
      raw.sendText("this is not json");
      JsonNode response = raw.next();

      assertThat(response.path("error").path("code").asInt()).isEqualTo(-32700);
      assertThat(response.path("error").path("message").asString()).isEqualTo("Parse error.");
      assertThat(response.get("id").isNull()).isTrue();
      assertThat(response.path("jsonrpc").asString()).isEqualTo("2.0");
    }
  }

  static void assertError(JsonNode response, int code, String type, String message) {
    assertThat(response.has("result")).as("%s", response).isFalse();
    JsonNode error = response.path("error");
    assertThat(error.path("code").asInt()).isEqualTo(code);
    assertThat(error.path("data").path("type").asString()).isEqualTo(type);
    assertThat(error.path("message").asString()).isEqualTo(message);
  }
}
