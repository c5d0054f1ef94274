package io.github.mediastreams.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kurento.client.GenericMediaElement;
import org.kurento.client.GenericMediaEvent;
import org.kurento.client.KurentoClient;
import org.kurento.client.MediaPipeline;
import org.kurento.client.PlayerEndpoint;
import org.kurento.client.TFuture;
import org.kurento.client.Transaction;
import org.kurento.client.WebRtcEndpoint;

/** Events fired through the test controls, and transactions, as kurento-client sees them. */
@ExtendWith(KmsDoubleExtension.class)
class EventsAndTransactionsTest {

  private KurentoClient kurento;
  private MediaPipeline pipeline;

  @BeforeEach
  void connect(KmsDouble kms) {
    kurento = KurentoClient.create(kms.uri());
    pipeline = kurento.createMediaPipeline();
  }

  @AfterEach
  void disconnect() {
    pipeline.release();
    kurento.destroy();
  }

  @Test
  void plateDetectedReachesAGenericElementListener(KmsDouble kms) throws Exception {
    GenericMediaElement filter = new GenericMediaElement.Builder(pipeline, "PlateDetectorFilter")
        .build();
    BlockingQueue<GenericMediaEvent> events = new LinkedBlockingQueue<>();
    filter.addEventListener("PlateDetected", events::add, GenericMediaEvent.class);

    assertThat(filter.getId()).endsWith("_platedetector.PlateDetectorFilter");
    assertThat(kms.firePlateDetected(filter.getId(), "--2748DKR")).isEqualTo(1);

    GenericMediaEvent event = events.poll(5, TimeUnit.SECONDS);
    assertThat(event).isNotNull();
    assertThat(event.getData().getProp("plate")).isEqualTo("--2748DKR");
    assertThat(event.getType()).isEqualTo("plate-detected");
    assertThat(event.getSource().getId()).isEqualTo(filter.getId());
  }

  @Test
  void crowdEventsReachTheirListenersOnly(KmsDouble kms) throws Exception {
    GenericMediaElement filter = new GenericMediaElement.Builder(pipeline, "CrowdDetectorFilter")
        .withConstructorParam("rois", List.of())
        .build();
    BlockingQueue<GenericMediaEvent> occupancy = new LinkedBlockingQueue<>();
    BlockingQueue<GenericMediaEvent> fluidity = new LinkedBlockingQueue<>();
    filter.addEventListener("CrowdDetectorOccupancy", occupancy::add, GenericMediaEvent.class);
    filter.addEventListener("CrowdDetectorFluidity", fluidity::add, GenericMediaEvent.class);

    kms.fireCrowdOccupancy(filter.getId(), "roi0", 11.88, 1);
    kms.fireCrowdFluidity(filter.getId(), "roi0", 29, 2);

    GenericMediaEvent occupied = occupancy.poll(5, TimeUnit.SECONDS);
    assertThat(occupied).isNotNull();
    assertThat(occupied.getData().getProp("roiId")).isEqualTo("roi0");
    assertThat(((Number) occupied.getData().getProp("occupancyPercentage")).doubleValue())
        .isEqualTo(11.88);
    assertThat(((Number) occupied.getData().getProp("occupancyLevel")).intValue()).isEqualTo(1);
    GenericMediaEvent fluid = fluidity.poll(5, TimeUnit.SECONDS);
    assertThat(fluid).isNotNull();
    assertThat(((Number) fluid.getData().getProp("fluidityLevel")).intValue()).isEqualTo(2);
    assertThat(occupancy).isEmpty();
    assertThat(kms.object(filter.getId()).constructorParams()).containsKey("rois");
  }

  @Test
  void crowdDirectionReachesItsListenerAndTheProcessingWidthIsKmsDefault(KmsDouble kms)
      throws Exception {
    GenericMediaElement filter = new GenericMediaElement.Builder(pipeline, "CrowdDetectorFilter")
        .withConstructorParam("rois", List.of())
        .build();
    BlockingQueue<GenericMediaEvent> direction = new LinkedBlockingQueue<>();
    filter.addEventListener("CrowdDetectorDirection", direction::add, GenericMediaEvent.class);

    assertThat(kms.fireCrowdDirection(filter.getId(), "roi0", 90)).isEqualTo(1);

    GenericMediaEvent moved = direction.poll(5, TimeUnit.SECONDS);
    assertThat(moved).isNotNull();
    assertThat(moved.getData().getProp("roiId")).isEqualTo("roi0");
    assertThat(moved.getData().getProp("directionAngle")).as("a whole double, as jsoncpp writes it")
        .isEqualTo(90);
    assertThat(filter.invoke("getProcessingWidth", null, Integer.class))
        .as("crowddetector.CrowdDetectorFilter.kmd.json's defaultValue").isEqualTo(320);
  }

  @Test
  void eventsWithoutSubscribersAreNotSent(KmsDouble kms) {
    PlayerEndpoint player = new PlayerEndpoint.Builder(pipeline, "file:///clip.webm").build();

    assertThat(kms.fireEndOfStream(player.getId())).isZero();
    assertThatThrownBy(() -> kms.fireEvent(player.getId(), "PlateDetected", Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void endOfStreamReachesAPlayerListener(KmsDouble kms) throws Exception {
    PlayerEndpoint player = new PlayerEndpoint.Builder(pipeline, "file:///clip.webm").build();
    BlockingQueue<Object> ended = new LinkedBlockingQueue<>();
    player.addEndOfStreamListener(ended::add);
    player.play();

    assertThat(kms.fireEndOfStream(player.getId())).isEqualTo(1);
    assertThat(ended.poll(5, TimeUnit.SECONDS)).isNotNull();
    assertThat(player.getUri()).isEqualTo("file:///clip.webm");
  }

  @Test
  void transactionRunsInOrderAndIsLoggedAsOneRequest(KmsDouble kms) throws Exception {
    kms.clearRequests();
    Transaction tx = kurento.beginTransaction();
    MediaPipeline txPipeline = kurento.createMediaPipeline(tx);
    WebRtcEndpoint endpoint = new WebRtcEndpoint.Builder(txPipeline).build(tx);
    endpoint.connect(tx, endpoint);
    TFuture<String> answer = endpoint.processOffer(tx, Resources.chromiumOffer());
    tx.commit();

    assertThat(answer.get()).contains("a=group:BUNDLE 0 1");
    assertThat(kms.requests("transaction")).hasSize(1);
    List<RecordedRequest> operations = kms.requests().stream()
        .filter(RecordedRequest::inTransaction).toList();
    assertThat(operations).extracting(r -> r.operation() == null ? r.method() : r.operation())
        .containsExactly("create", "create", "connect", "processOffer");
    assertThat(operations.get(3).objectId()).isEqualTo(endpoint.getId());
    assertThat(kms.object(endpoint.getId()).sinkIds()).containsExactly(endpoint.getId());
    assertThat(kms.object(endpoint.getId()).parentId()).isEqualTo(txPipeline.getId());
    txPipeline.release();
  }
}
