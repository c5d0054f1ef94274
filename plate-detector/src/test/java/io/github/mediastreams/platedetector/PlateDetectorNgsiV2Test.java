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
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.github.mediastreams.context.testing.FakeContextBroker;
import io.github.mediastreams.testkit.KmsDouble;
import io.github.mediastreams.testkit.signalling.SignallingClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What an Orion (NGSI-v2) Context Broker receives when the media server reads plates: a real HTTP server. */
// Its own KMS double: close the context with it, so that it does not keep reconnecting to a closed double.
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "media-streams.tls.directory=target/test-tls", "media-streams.signalling.min-start-interval=0s",
				"context-broker.service=tutorial", "context-broker.service-path=/cameras",
				"context-broker.plate-repeat-interval=1h", "logging.level.io.github.mediastreams.platedetector=debug" })
@ExtendWith(OutputCaptureExtension.class)
class PlateDetectorNgsiV2Test extends PlateDetectorSessions {

	static final String CAMERA_ATTRS = "/v2/entities/urn:ngsi-ld:Camera:camera-x/attrs";

	static final KmsDouble kms = KmsDouble.start();

	static final FakeContextBroker orion = new FakeContextBroker();

	@DynamicPropertySource
	static void servers(DynamicPropertyRegistry registry) {
		registry.add("media-server.url", kms::uri);
		registry.add("context-broker.url", orion::url);
	}

	@AfterAll
	static void closeServers() {
		kms.close();
		orion.close();
	}

	@Override
	KmsDouble kms() {
		return kms;
	}

	@BeforeEach
	void freshBroker() {
		orion.reset();
	}

	@Test
	void aPlateIsOnePatchOfTheCameraWithThePlateAsReadAndWhenKmsSawIt() {
		try (SignallingClient browser = browser()) {
			String filter = startSession(browser);
			double sent = updates("context.updates.sent");
			Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);

			firePlate(browser, filter, "--2748DKR");

			await().atMost(WAIT).until(() -> updates("context.updates.sent") == sent + 1);
			Instant after = Instant.now();
			assertThat(orion.requests()).hasSize(1);
			FakeContextBroker.Request patch = orion.requests().get(0);
			assertThat(patch.method()).isEqualTo("PATCH");
			assertThat(patch.path()).isEqualTo(CAMERA_ATTRS);
			assertThat(patch.header("Content-Type")).isEqualTo("application/json");
			assertThat(patch.header("Fiware-Service")).isEqualTo("tutorial");
			assertThat(patch.header("Fiware-ServicePath")).isEqualTo("/cameras");
			JsonNode body = patch.json();
			String observed = body.path("dateObserved").path("value").asString();
			assertThat(Instant.parse(observed)).as("the event's timestampMillis").isBetween(before, after);
			assertThat(body).isEqualTo(json("""
					{
					  "observedVehicle": {"type": "StructuredValue", "value": {"licensePlate": {"identifier": "2748DKR"}}},
					  "dateObserved": {"type": "DateTime", "value": "%s"}
					}""".formatted(observed)));
		}
	}

	@Test
	void aCameraTheBrokerDoesNotKnowIsCreated() {
		orion.reply(404).reply(201);
		try (SignallingClient browser = browser()) {
			String filter = startSession(browser);
			double sent = updates("context.updates.sent");

			firePlate(browser, filter, "--2748DKR");

			await().atMost(WAIT).until(() -> updates("context.updates.sent") == sent + 1);
			List<FakeContextBroker.Request> requests = orion.requests();
			assertThat(requests).extracting(FakeContextBroker.Request::method, FakeContextBroker.Request::path)
				.containsExactly(tuple("PATCH", CAMERA_ATTRS), tuple("POST", "/v2/entities"));
			FakeContextBroker.Request create = requests.get(1);
			assertThat(create.header("Fiware-Service")).isEqualTo("tutorial");
			assertThat(create.header("Fiware-ServicePath")).isEqualTo("/cameras");
			assertThat(create.json()).isEqualTo(json("""
					{
					  "id": "urn:ngsi-ld:Camera:camera-x",
					  "type": "Camera",
					  "cameraName": {"type": "Text", "value": "Camera X"},
					  "cameraUsage": {"type": "Text", "value": "ANPR/LPR"},
					  "observedVehicle": {"type": "StructuredValue", "value": {"licensePlate": {"identifier": "2748DKR"}}},
					  "dateObserved": {"type": "DateTime", "value": "%s"}
					}""".formatted(create.json().path("dateObserved").path("value").asString())));
		}
	}

	@Test
	void aPlateSeenFrameAfterFrameIsOneUpdateAndAnotherPlateIsAnother(CapturedOutput output) {
		try (SignallingClient browser = browser()) {
			String filter = startSession(browser);
			double sent = updates("context.updates.sent");

			firePlate(browser, filter, "--2748DKR");
			fireSkipped(output, filter, "--2748DKR");
			fireSkipped(output, filter, "--2748DKR");
			firePlate(browser, filter, "--8415FPV");

			await().atMost(WAIT).until(() -> updates("context.updates.sent") == sent + 2);
			assertThat(orion.requests()).extracting(
					(r) -> r.json().path("observedVehicle").path("value").path("licensePlate").path("identifier").asString())
				.containsExactly("2748DKR", "8415FPV");
			assertThat(plates(browser)).containsExactly("--2748DKR", "--8415FPV");
		}
	}

	static JsonNode json(String text) {
		return JsonMapper.builder().build().readTree(text);
	}

}
