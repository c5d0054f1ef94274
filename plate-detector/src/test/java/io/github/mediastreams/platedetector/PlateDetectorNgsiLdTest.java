package io.github.mediastreams.platedetector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.github.mediastreams.context.testing.FakeContextBroker;
import io.github.mediastreams.testkit.KmsDouble;
import io.github.mediastreams.testkit.signalling.SignallingClient;

/** What an NGSI-LD Context Broker (Orion-LD, Scorpio, Stellio) receives when the media server reads a plate. */
// Its own KMS double: close the context with it, so that it does not keep reconnecting to a closed double.
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "media-streams.tls.directory=target/test-tls", "media-streams.signalling.min-start-interval=0s",
				"context-broker.api=ngsi-ld", "context-broker.service=tutorial" })
class PlateDetectorNgsiLdTest extends PlateDetectorSessions {

	static final String CAMERA_ATTRS = "/ngsi-ld/v1/entities/urn:ngsi-ld:Camera:camera-x/attrs";

	static final KmsDouble kms = KmsDouble.start();

	static final FakeContextBroker broker = new FakeContextBroker();

	@DynamicPropertySource
	static void servers(DynamicPropertyRegistry registry) {
		registry.add("media-server.url", kms::uri);
		registry.add("context-broker.url", broker::url);
	}

	@AfterAll
	static void closeServers() {
		kms.close();
		broker.close();
	}

	@Override
	KmsDouble kms() {
		return kms;
	}

	@BeforeEach
	void freshBroker() {
		broker.reset();
	}

	@Test
	void aPlateIsOnePatchOfTheCameraWithObservedAt() {
		try (SignallingClient browser = browser()) {
			String filter = startSession(browser);
			double sent = updates("context.updates.sent");
			Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);

			firePlate(browser, filter, "--2748DKR");

			await().atMost(WAIT).until(() -> updates("context.updates.sent") == sent + 1);
			Instant after = Instant.now();
			assertThat(broker.requests()).hasSize(1);
			FakeContextBroker.Request patch = broker.requests().get(0);
			assertThat(patch.method()).isEqualTo("PATCH");
			assertThat(patch.path()).isEqualTo(CAMERA_ATTRS);
			assertThat(patch.header("Content-Type")).isEqualTo("application/ld+json");
			assertThat(patch.header("NGSILD-Tenant")).isEqualTo("tutorial");
			assertThat(patch.header("Fiware-Service")).isNull();
			String observed = patch.json().path("observedVehicle").path("observedAt").asString();
			assertThat(Instant.parse(observed)).as("the event's timestampMillis").isBetween(before, after);
			assertThat(patch.json()).isEqualTo(PlateDetectorNgsiV2Test.json("""
					{
					  "observedVehicle": {
					    "type": "Property",
					    "value": {"licensePlate": {"identifier": "2748DKR"}},
					    "observedAt": "%1$s"
					  },
					  "dateObserved": {
					    "type": "Property",
					    "value": {"@type": "DateTime", "@value": "%1$s"},
					    "observedAt": "%1$s"
					  },
					  "@context": "https://smartdatamodels.org/context.jsonld"
					}""".formatted(observed)));
		}
	}

	@Test
	void aCameraTheBrokerDoesNotKnowIsCreated() {
		broker.reply(404).reply(201);
		try (SignallingClient browser = browser()) {
			String filter = startSession(browser);
			double sent = updates("context.updates.sent");

			firePlate(browser, filter, "--2748DKR");

			await().atMost(WAIT).until(() -> updates("context.updates.sent") == sent + 1);
			List<FakeContextBroker.Request> requests = broker.requests();
			assertThat(requests).extracting(FakeContextBroker.Request::method, FakeContextBroker.Request::path)
				.containsExactly(tuple("PATCH", CAMERA_ATTRS), tuple("POST", "/ngsi-ld/v1/entities"));
			FakeContextBroker.Request create = requests.get(1);
			assertThat(create.header("Content-Type")).isEqualTo("application/ld+json");
			assertThat(create.header("NGSILD-Tenant")).isEqualTo("tutorial");
			String observed = create.json().path("dateObserved").path("observedAt").asString();
			assertThat(create.json()).isEqualTo(PlateDetectorNgsiV2Test.json("""
					{
					  "id": "urn:ngsi-ld:Camera:camera-x",
					  "type": "Camera",
					  "cameraName": {"type": "Property", "value": "Camera X"},
					  "cameraUsage": {"type": "Property", "value": "ANPR/LPR"},
					  "observedVehicle": {
					    "type": "Property",
					    "value": {"licensePlate": {"identifier": "2748DKR"}},
					    "observedAt": "%1$s"
					  },
					  "dateObserved": {
					    "type": "Property",
					    "value": {"@type": "DateTime", "@value": "%1$s"},
					    "observedAt": "%1$s"
					  },
					  "@context": "https://smartdatamodels.org/context.jsonld"
					}""".formatted(observed)));
		}
	}

}
