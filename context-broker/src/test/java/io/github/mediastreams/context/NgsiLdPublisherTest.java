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
import org.springframework.web.client.RestClient;

/** What an NGSI-LD broker (Orion-LD, Scorpio, Stellio) receives, against a real HTTP server. */
class NgsiLdPublisherTest {

    private static final String CAMERA_ATTRS = "/ngsi-ld/v1/entities/urn:ngsi-ld:Camera:camera-x/attrs";
    private static final Instant SEEN = Instant.ofEpochMilli(1795495887456L);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private FakeBroker broker;
    private HttpContextPublisher publisher;

    @BeforeEach
    void start() throws Exception {
        broker = new FakeBroker();
        publisher = ContextPublishers.http(TestSupport.properties(
                "url", broker.url(),
                "api", "ngsi-ld",
                "service", "tutorial",
                "service-path", "/cameras",
                "auth-token", "s3cr3t",
                "retry.initial-delay", "10ms"), RestClient.builder(), registry);
    }

    @AfterEach
    void stop() {
        publisher.close();
        broker.close();
    }

    private void awaitSent(String kind, double sent) {
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(count(registry, ContextMetrics.SENT, kind)).isEqualTo(sent));
    }

    @Test
    void aPlateIsAJsonLdPatchWithTheContextAndTheTenant() {
        publisher.plateRead(new Plate("--2748DKR"), SEEN);

        awaitSent("plate", 1);
        List<FakeBroker.Request> requests = broker.requests();
        assertThat(requests).hasSize(1);
        FakeBroker.Request patch = requests.get(0);
        assertThat(patch.method()).isEqualTo("PATCH");
        assertThat(patch.path()).isEqualTo(CAMERA_ATTRS);
        assertThat(patch.header("Content-Type")).isEqualTo("application/ld+json");
        assertThat(patch.header("NGSILD-Tenant")).isEqualTo("tutorial");
        assertThat(patch.header("X-Auth-Token")).isEqualTo("s3cr3t");
        // NGSI-LD has no service paths, and the tenant has its own header.
        assertThat(patch.header("Fiware-Service")).isNull();
        assertThat(patch.header("Fiware-ServicePath")).isNull();
        assertThat(patch.json()).isEqualTo(json("""
                {
                  "observedVehicle": {
                    "type": "Property",
                    "value": {"licensePlate": {"identifier": "2748DKR"}},
                    "observedAt": "2026-11-24T04:51:27.456Z"
                  },
                  "dateObserved": {
                    "type": "Property",
                    "value": {"@type": "DateTime", "@value": "2026-11-24T04:51:27.456Z"},
                    "observedAt": "2026-11-24T04:51:27.456Z"
                  },
                  "@context": "https://smartdatamodels.org/context.jsonld"
                }"""));
    }

    @Test
    void anUnknownCameraIsCreatedWithTheWholeEntity() {
        broker.reply(404, "{\"type\":\"https://uri.etsi.org/ngsi-ld/errors/ResourceNotFound\",\"title\":\"Entity does not exist\"}")
                .reply(201);

        publisher.plateRead(new Plate("--2748DKR"), SEEN);

        awaitSent("plate", 1);
        List<FakeBroker.Request> requests = broker.requests();
        assertThat(requests).extracting(FakeBroker.Request::method, FakeBroker.Request::path)
                .containsExactly(tuple("PATCH", CAMERA_ATTRS), tuple("POST", "/ngsi-ld/v1/entities"));
        FakeBroker.Request create = requests.get(1);
        assertThat(create.header("Content-Type")).isEqualTo("application/ld+json");
        assertThat(create.header("NGSILD-Tenant")).isEqualTo("tutorial");
        assertThat(create.json()).isEqualTo(json("""
                {
                  "id": "urn:ngsi-ld:Camera:camera-x",
                  "type": "Camera",
                  "cameraName": {"type": "Property", "value": "Camera X"},
                  "cameraUsage": {"type": "Property", "value": "ANPR/LPR"},
                  "observedVehicle": {
                    "type": "Property",
                    "value": {"licensePlate": {"identifier": "2748DKR"}},
                    "observedAt": "2026-11-24T04:51:27.456Z"
                  },
                  "dateObserved": {
                    "type": "Property",
                    "value": {"@type": "DateTime", "@value": "2026-11-24T04:51:27.456Z"},
                    "observedAt": "2026-11-24T04:51:27.456Z"
                  },
                  "@context": "https://smartdatamodels.org/context.jsonld"
                }"""));
    }

    @Test
    void aConflictOnCreateMeansAnotherWriterWasFirst() {
        broker.reply(404).reply(409, "{\"type\":\"https://uri.etsi.org/ngsi-ld/errors/AlreadyExists\"}").reply(204);

        publisher.plateRead(new Plate("--2748DKR"), SEEN);

        awaitSent("plate", 1);
        assertThat(broker.requests()).extracting(FakeBroker.Request::method, FakeBroker.Request::path)
                .containsExactly(tuple("PATCH", CAMERA_ATTRS), tuple("POST", "/ngsi-ld/v1/entities"),
                        tuple("PATCH", CAMERA_ATTRS));
    }

    @Test
    void attributesNotUpdatedAreAppended() {
        broker.reply(207, "{\"updated\":[],\"notUpdated\":[{\"attributeName\":\"observedVehicle\",\"reason\":\"attribute not found\"}]}")
                .reply(204);

        publisher.plateRead(new Plate("--2748DKR"), SEEN);

        awaitSent("plate", 1);
        assertThat(broker.requests()).extracting(FakeBroker.Request::method, FakeBroker.Request::path)
                .containsExactly(tuple("PATCH", CAMERA_ATTRS), tuple("POST", CAMERA_ATTRS));
    }

    @Test
    void crowdObservationsLinkTheCameraAndUseTheConfiguredContext() {
        publisher.close();
        publisher = ContextPublishers.http(TestSupport.properties("url", broker.url(), "api", "ngsi-ld",
                "ld-context", "https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context.jsonld"), RestClient.builder(), registry);
        broker.reply(404).reply(201);

        publisher.crowdOccupancy("roi0", 11.88259506225586, 1, Instant.ofEpochMilli(1795496042844L));

        awaitSent("crowd", 1);
        FakeBroker.Request create = broker.requests().get(1);
        assertThat(create.path()).isEqualTo("/ngsi-ld/v1/entities");
        assertThat(create.header("NGSILD-Tenant")).isNull();
        assertThat(create.json()).isEqualTo(json("""
                {
                  "id": "urn:ngsi-ld:CrowdFlowObserved:camera-x:roi0",
                  "type": "CrowdFlowObserved",
                  "refDevice": {"type": "Relationship", "object": "urn:ngsi-ld:Camera:camera-x"},
                  "occupancy": {"type": "Property", "value": 0.1188, "observedAt": "2026-11-24T04:54:02.844Z"},
                  "occupancyLevel": {"type": "Property", "value": 1, "observedAt": "2026-11-24T04:54:02.844Z"},
                  "dateObserved": {
                    "type": "Property",
                    "value": {"@type": "DateTime", "@value": "2026-11-24T04:54:02.844Z"},
                    "observedAt": "2026-11-24T04:54:02.844Z"
                  },
                  "@context": "https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context.jsonld"
                }"""));
    }
}
