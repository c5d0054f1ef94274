package io.github.mediastreams.context;

import static io.github.mediastreams.context.TestSupport.count;
import static io.github.mediastreams.context.TestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.web.client.RestClient;

/** What an Orion (NGSI-v2) broker receives, against a real HTTP server. */
@ExtendWith(OutputCaptureExtension.class)
class NgsiV2PublisherTest {

    private static final String CAMERA_ATTRS = "/v2/entities/urn:ngsi-ld:Camera:camera-x/attrs";
    private static final String TOKEN = "s3cr3t-token-value";
    /** The first PlateDetected event of the recorded KMS session: timestampMillis 1795495887456. */
    private static final Instant SEEN = Instant.ofEpochMilli(1795495887456L);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private FakeBroker broker;
    private HttpContextPublisher publisher;

    @BeforeEach
    void start() throws Exception {
        broker = new FakeBroker();
        publisher = publisher(broker.url(), "3");
    }

    @AfterEach
    void stop() {
        publisher.close();
        broker.close();
    }

    private HttpContextPublisher publisher(String url, String maxAttempts, String... more) {
        String[] settings = {
                "url", url,
                "service", "tutorial",
                "service-path", "/cameras",
                "auth-token", TOKEN,
                "retry.max-attempts", maxAttempts,
                "retry.initial-delay", "10ms",
                "retry.max-delay", "40ms" };
        String[] all = new String[settings.length + more.length];
        System.arraycopy(settings, 0, all, 0, settings.length);
        System.arraycopy(more, 0, all, settings.length, more.length);
        return ContextPublishers.http(TestSupport.properties(all), RestClient.builder(), registry);
    }

    private void awaitOutcome(String kind, double sent, double failed) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(count(registry, ContextMetrics.SENT, kind)).isEqualTo(sent);
            assertThat(count(registry, ContextMetrics.FAILED, kind)).isEqualTo(failed);
        });
    }

    @Test
    void aPlateIsOnePatchOfTheCameraWithTheNormalisedPlateAndTheTimeSeen() {
        publisher.plateRead(new Plate("--2748DKR"), SEEN);

        awaitOutcome("plate", 1, 0);
        List<FakeBroker.Request> requests = broker.requests();
        assertThat(requests).hasSize(1);
        FakeBroker.Request patch = requests.get(0);
        assertThat(patch.method()).isEqualTo("PATCH");
        assertThat(patch.path()).isEqualTo(CAMERA_ATTRS);
        assertThat(patch.header("Content-Type")).isEqualTo("application/json");
        assertThat(patch.header("Fiware-Service")).isEqualTo("tutorial");
        assertThat(patch.header("Fiware-ServicePath")).isEqualTo("/cameras");
        assertThat(patch.header("X-Auth-Token")).isEqualTo(TOKEN);
        assertThat(patch.header("NGSILD-Tenant")).isNull();
        assertThat(patch.json()).isEqualTo(json("""
                {
                  "observedVehicle": {"type": "StructuredValue", "value": {"licensePlate": {"identifier": "2748DKR"}}},
                  "dateObserved": {"type": "DateTime", "value": "2026-11-24T04:51:27.456Z"}
                }"""));
    }

    @Test
    void anUnknownCameraIsCreatedWithTheWholeEntity() {
        broker.reply(404, "{\"error\":\"NotFound\",\"description\":\"The requested entity has not been found. Check type and id\"}")
                .reply(201);

        publisher.plateRead(new Plate("--2748DKR"), SEEN);

        awaitOutcome("plate", 1, 0);
        List<FakeBroker.Request> requests = broker.requests();
        assertThat(requests).extracting(FakeBroker.Request::method, FakeBroker.Request::path)
                .containsExactly(
                        tuple("PATCH", CAMERA_ATTRS),
                        tuple("POST", "/v2/entities"));
        FakeBroker.Request create = requests.get(1);
        assertThat(create.header("Content-Type")).isEqualTo("application/json");
        assertThat(create.header("Fiware-Service")).isEqualTo("tutorial");
        assertThat(create.header("Fiware-ServicePath")).isEqualTo("/cameras");
        assertThat(create.header("X-Auth-Token")).isEqualTo(TOKEN);
        assertThat(create.json()).isEqualTo(json("""
                {
                  "id": "urn:ngsi-ld:Camera:camera-x",
                  "type": "Camera",
                  "cameraName": {"type": "Text", "value": "Camera X"},
                  "cameraUsage": {"type": "Text", "value": "ANPR/LPR"},
                  "observedVehicle": {"type": "StructuredValue", "value": {"licensePlate": {"identifier": "2748DKR"}}},
                  "dateObserved": {"type": "DateTime", "value": "2026-11-24T04:51:27.456Z"}
                }"""));
    }

    @Test
    void aCameraCreatedMeanwhileByAnotherWriterIsUpdatedAgain() {
        broker.reply(404).reply(422, "{\"error\":\"Unprocessable\",\"description\":\"Already Exists\"}").reply(204);

        publisher.plateRead(new Plate("--2748DKR"), SEEN);

        awaitOutcome("plate", 1, 0);
        assertThat(broker.requests()).extracting(FakeBroker.Request::method, FakeBroker.Request::path)
                .containsExactly(
                        tuple("PATCH", CAMERA_ATTRS),
                        tuple("POST", "/v2/entities"),
                        tuple("PATCH", CAMERA_ATTRS));
    }

    @Test
    void attributesTheCameraDoesNotHaveYetAreAdded() {
        // An operator created "Camera X" with its description only; Orion refuses to PATCH attributes it lacks.
        broker.reply(422, "{\"error\":\"Unprocessable\",\"description\":\"one or more of the attributes in the request do not exist: urn:ngsi-ld:Camera:camera-x - [ observedVehicle, dateObserved ]\"}")
                .reply(204);

        publisher.plateRead(new Plate("--2748DKR"), SEEN);

        awaitOutcome("plate", 1, 0);
        List<FakeBroker.Request> requests = broker.requests();
        assertThat(requests).extracting(FakeBroker.Request::method, FakeBroker.Request::path)
                .containsExactly(
                        tuple("PATCH", CAMERA_ATTRS),
                        tuple("POST", CAMERA_ATTRS));
        assertThat(requests.get(1).json()).isEqualTo(requests.get(0).json());
    }

    @Test
    void aRequestTheBrokerWillAlwaysRejectIsNotRetried(CapturedOutput output) {
        String invalid = "{\"error\":\"BadRequest\",\"description\":\"Invalid characters in attribute value\"}";
        broker.reply(422, invalid).reply(422, invalid);

        publisher.plateRead(new Plate("--2748DKR"), SEEN);

        awaitOutcome("plate", 0, 1);
        // The update was given up after the append, and nothing else was tried.
        assertThat(broker.requests()).extracting(FakeBroker.Request::method).containsExactly("PATCH", "POST");
        assertThat(output).contains("rejected the plate update of Camera urn:ngsi-ld:Camera:camera-x")
                .contains("HTTP 422").contains("Invalid characters in attribute value");
    }

    @Test
    void aBadRequestIsGivenUpAtOnce() {
        broker.reply(400, "{\"error\":\"BadRequest\",\"description\":\"service path length greater than the one in restrictions\"}");

        publisher.plateRead(new Plate("--2748DKR"), SEEN);

        awaitOutcome("plate", 0, 1);
        assertThat(broker.requests()).hasSize(1);
    }

    @Test
    void aFailingBrokerIsRetriedUpToTheBoundThenCounted() {
        broker.reply(503).reply(503).reply(503).reply(204);

        publisher.plateRead(new Plate("--2748DKR"), SEEN);

        awaitOutcome("plate", 0, 1);
        assertThat(broker.requests()).hasSize(3).allMatch(request -> request.method().equals("PATCH"));
    }

    @Test
    void aBrokerThatRecoversGetsTheUpdate() {
        broker.reply(500).reply(429).reply(204);

        publisher.plateRead(new Plate("--2748DKR"), SEEN);

        awaitOutcome("plate", 1, 0);
        assertThat(broker.requests()).hasSize(3);
    }

    @Test
    void anUnreachableBrokerCostsTheCallerNothingAndIsCounted(CapturedOutput output) throws Exception {
        publisher.close();
        publisher = publisher("http://127.0.0.1:" + TestSupport.closedPort(), "3");

        publisher.plateRead(new Plate("--2748DKR"), SEEN);
        publisher.crowdOccupancy("roi0", 11.88, 1, SEEN);

        awaitOutcome("plate", 0, 1);
        awaitOutcome("crowd", 0, 1);
        assertThat(output).contains("attempt 1 of 3").contains("attempt 2 of 3")
                .contains("Gave up on the plate update of Camera urn:ngsi-ld:Camera:camera-x after 3 attempts");
    }

    @Test
    void aSlowBrokerDoesNotBlockTheCallerAndAFullQueueDropsUpdates() {
        publisher.close();
        publisher = publisher(broker.url(), "3", "queue-capacity", "2", "read-timeout", "60s");
        broker.holdAnswers();

        publisher.plateRead(new Plate("--2748DKR"), SEEN);
        await().atMost(Duration.ofSeconds(20)).until(() -> broker.requests().size() == 1);
        // The worker is stuck on the first update: these calls queue two and drop two, and all return.
        for (int i = 0; i < 4; i++) {
            publisher.plateRead(new Plate("--8415FPV"), SEEN.plusSeconds(i + 1));
        }
        assertThat(count(registry, ContextMetrics.DROPPED, "plate")).isEqualTo(2);
        assertThat(broker.requests()).hasSize(1);

        broker.release();
        awaitOutcome("plate", 3, 0);
        assertThat(broker.requests()).hasSize(3);
    }

    @Test
    void updatesArriveInTheOrderObserved() {
        publisher.plateRead(new Plate("--2748DKR"), SEEN);
        publisher.plateRead(new Plate("--8415FPV"), SEEN.plusMillis(2537));

        awaitOutcome("plate", 2, 0);
        assertThat(broker.requests()).extracting(request -> request.json().at("/observedVehicle/value/licensePlate/identifier").asString())
                .containsExactly("2748DKR", "8415FPV");
    }

    @Test
    void aPlateOfWhichNothingWasReadIsNotSent() {
        publisher.plateRead(new Plate("---------"), SEEN);
        publisher.plateRead(new Plate("--8415FPV"), SEEN);

        awaitOutcome("plate", 1, 0);
        assertThat(broker.requests()).hasSize(1);
    }

    @Test
    void crowdOccupancyUpdatesTheObservationOfItsRegion() {
        // The recorded CrowdDetectorOccupancy event: roi0, 11.88259506225586 %, level 1.
        publisher.crowdOccupancy("roi0", 11.88259506225586, 1, Instant.ofEpochMilli(1795496042844L));

        awaitOutcome("crowd", 1, 0);
        FakeBroker.Request patch = broker.requests().get(0);
        assertThat(patch.method()).isEqualTo("PATCH");
        assertThat(patch.path()).isEqualTo("/v2/entities/urn:ngsi-ld:CrowdFlowObserved:camera-x:roi0/attrs");
        assertThat(patch.header("Fiware-Service")).isEqualTo("tutorial");
        assertThat(patch.json()).isEqualTo(json("""
                {
                  "occupancy": {"type": "Number", "value": 0.1188},
                  "occupancyLevel": {"type": "Number", "value": 1},
                  "dateObserved": {"type": "DateTime", "value": "2026-11-24T04:54:02.844Z"}
                }"""));
    }

    @Test
    void crowdFluidityCreatesTheObservationLinkedToTheCamera() {
        broker.reply(404).reply(201);

        // The recorded CrowdDetectorFluidity event: roi0, 29 %, level 1.
        publisher.crowdFluidity("roi0", 29, 1, Instant.ofEpochMilli(1795496039844L));

        awaitOutcome("crowd", 1, 0);
        FakeBroker.Request create = broker.requests().get(1);
        assertThat(create.method()).isEqualTo("POST");
        assertThat(create.path()).isEqualTo("/v2/entities");
        assertThat(create.json()).isEqualTo(json("""
                {
                  "id": "urn:ngsi-ld:CrowdFlowObserved:camera-x:roi0",
                  "type": "CrowdFlowObserved",
                  "refDevice": {"type": "Relationship", "value": "urn:ngsi-ld:Camera:camera-x"},
                  "fluidity": {"type": "Number", "value": 0.29},
                  "fluidityLevel": {"type": "Number", "value": 1},
                  "dateObserved": {"type": "DateTime", "value": "2026-11-24T04:53:59.844Z"}
                }"""));
    }

    @Test
    void headersAreOnlySentWhenConfiguredAndTheAuthHeaderNameIsConfigurable() {
        publisher.close();
        publisher = ContextPublishers.http(TestSupport.properties("url", broker.url(), "auth-header", "Authorization",
                "auth-token", "Bearer " + TOKEN), RestClient.builder(), registry);

        publisher.plateRead(new Plate("--2748DKR"), SEEN);

        awaitOutcome("plate", 1, 0);
        FakeBroker.Request patch = broker.requests().get(0);
        assertThat(patch.header("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(patch.header("X-Auth-Token")).isNull();
        assertThat(patch.header("Fiware-Service")).isNull();
        assertThat(patch.header("Fiware-ServicePath")).isNull();
    }

    @Test
    void aBrokerBehindAProxyPathKeepsThePath() {
        publisher.close();
        publisher = publisher(broker.url() + "/orion/", "3");

        publisher.plateRead(new Plate("--2748DKR"), SEEN);

        awaitOutcome("plate", 1, 0);
        assertThat(broker.requests().get(0).path()).isEqualTo("/orion" + CAMERA_ATTRS);
    }

    @Test
    void theTokenNeverAppearsInTheLogs(CapturedOutput output) {
        broker.reply(404).reply(401, "{\"error\":\"Unauthorized\",\"description\":\"bad token\"}");
        publisher.plateRead(new Plate("--2748DKR"), SEEN);
        awaitOutcome("plate", 0, 1);
        broker.reply(503).reply(503).reply(503);
        publisher.crowdFluidity("roi0", 29, 1, SEEN);
        awaitOutcome("crowd", 0, 1);

        // Logging runs at DEBUG for this library in the tests (logback-test.xml).
        assertThat(output).contains("HTTP 401").doesNotContain(TOKEN);
    }
}
