package io.github.mediastreams.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kurento.client.FaceOverlayFilter;
import org.kurento.client.GenericMediaElement;
import org.kurento.client.GenericMediaEvent;
import org.kurento.client.KurentoClient;
import org.kurento.client.MediaPipeline;
import tools.jackson.databind.JsonNode;

/** The HTTP control port, as a process outside the double's JVM uses it, against kurento-client. */
@ExtendWith(KmsDoubleExtension.class)
class KmsDoubleControlTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private KmsDoubleControl control;
  private KurentoClient kurento;
  private MediaPipeline pipeline;

  @BeforeEach
  void start(KmsDouble kms) {
    control = KmsDoubleControl.start(kms, "127.0.0.1", 0);
    kurento = KurentoClient.create(kms.uri());
    pipeline = kurento.createMediaPipeline();
  }

  @AfterEach
  void stop() {
    pipeline.release();
    kurento.destroy();
    control.close();
  }

  @Test
  void listsTheLiveObjectsOfATypeAndFiresAPlateTheAppReceives() throws Exception {
    GenericMediaElement filter = new GenericMediaElement.Builder(pipeline, "PlateDetectorFilter")
        .build();
    BlockingQueue<GenericMediaEvent> events = new LinkedBlockingQueue<>();
    filter.addEventListener("PlateDetected", events::add, GenericMediaEvent.class);

    Reply objects = get("/objects?type=PlateDetectorFilter");
    assertThat(objects.status()).isEqualTo(200);
    assertThat(objects.json().isArray()).isTrue();
    assertThat(objects.json()).extracting(JsonNode::asString).containsExactly(filter.getId());

    Reply fired = post("/plate-detected",
        "{\"object\":\"" + filter.getId() + "\",\"plate\":\"--2748DKR\"}");
    assertThat(fired.status()).isEqualTo(200);
    assertThat(fired.json().path("subscriptions").asInt()).isEqualTo(1);

    GenericMediaEvent event = events.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    assertThat(event).as("the PlateDetected event reached kurento-client").isNotNull();
    assertThat(event.getData().getProp("plate")).isEqualTo("--2748DKR");
    assertThat(event.getSource().getId()).isEqualTo(filter.getId());
  }

  @Test
  void showsAnObjectAsTheAppLeftIt() throws Exception {
    FaceOverlayFilter faces = new FaceOverlayFilter.Builder(pipeline).build();
    faces.setOverlayedImage("https://magic-mirror:8443/img/hat.png", -0.35f, -1.2f, 1.6f, 1.6f);

    Reply object = get("/object?id=" + URLEncoder.encode(faces.getId(), StandardCharsets.UTF_8));

    assertThat(object.status()).isEqualTo(200);
    assertThat(object.json().path("type").asString()).isEqualTo("FaceOverlayFilter");
    assertThat(object.json().path("parentId").asString()).isEqualTo(pipeline.getId());
    assertThat(object.json().path("overlayedImage").path("uri").asString())
        .isEqualTo("https://magic-mirror:8443/img/hat.png");

    faces.release();
    Reply gone = get("/object?id=" + URLEncoder.encode(faces.getId(), StandardCharsets.UTF_8));
    assertThat(gone.status()).isEqualTo(404);
    assertThat(gone.json().path("error").asString()).contains(faces.getId());
  }

  @Test
  void firesAnyEventOfTheObjectsTypeWithItsData() throws Exception {
    GenericMediaElement filter = new GenericMediaElement.Builder(pipeline, "CrowdDetectorFilter")
        .withConstructorParam("rois", List.of())
        .build();
    BlockingQueue<GenericMediaEvent> events = new LinkedBlockingQueue<>();
    filter.addEventListener("CrowdDetectorOccupancy", events::add, GenericMediaEvent.class);

    Reply fired = post("/events", "{\"object\":\"" + filter.getId()
        + "\",\"type\":\"CrowdDetectorOccupancy\","
        + "\"data\":{\"roiId\":\"roi0\",\"occupancyPercentage\":42,\"occupancyLevel\":2}}");

    assertThat(fired.status()).isEqualTo(200);
    assertThat(fired.json().path("subscriptions").asInt()).isEqualTo(1);
    GenericMediaEvent event = events.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    assertThat(event).isNotNull();
    assertThat(event.getData().getProp("roiId")).isEqualTo("roi0");
    assertThat(((Number) event.getData().getProp("occupancyLevel")).intValue()).isEqualTo(2);
  }

  @Test
  void anObjectNobodyCreatedIsABadRequestThatSaysWhy() throws Exception {
    Reply fired = post("/plate-detected", "{\"object\":\"nope\",\"plate\":\"--2748DKR\"}");
    assertThat(fired.status()).isEqualTo(400);
    assertThat(fired.json().path("error").asString()).contains("nope");

    Reply wrongEvent = post("/events", "{\"object\":\"" + pipeline.getId()
        + "\",\"type\":\"PlateDetected\"}");
    assertThat(wrongEvent.status()).isEqualTo(400);
    assertThat(wrongEvent.json().path("error").asString()).contains("PlateDetected");
  }

  @Test
  void malformedRequestsGetAClearErrorAndNoEventIsFired() throws Exception {
    assertThat(post("/plate-detected", "not json").status()).isEqualTo(400);
    Reply missing = post("/plate-detected", "{\"plate\":\"--2748DKR\"}");
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.json().path("error").asString()).contains("object");
    assertThat(get("/objects").status()).as("type missing").isEqualTo(400);
    assertThat(get("/object").status()).as("id missing").isEqualTo(400);
    assertThat(get("/plate-detected").status()).isEqualTo(405);
    assertThat(get("/nothing-here").status()).isEqualTo(404);
  }

  private Reply get(String path) throws Exception {
    return send(HttpRequest.newBuilder(control.uri().resolve(path)).GET());
  }

  private Reply post(String path, String body) throws Exception {
    return send(HttpRequest.newBuilder(control.uri().resolve(path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private Reply send(HttpRequest.Builder request) throws Exception {
    HttpResponse<String> response =
        http.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(response.statusCode(), response.body());
  }

  private record Reply(int status, String body) {

    JsonNode json() {
      return Json.parse(body);
    }
  }
}
