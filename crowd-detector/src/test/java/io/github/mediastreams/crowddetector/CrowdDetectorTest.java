package io.github.mediastreams.crowddetector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.github.mediastreams.context.testing.FakeContextBroker;
import io.github.mediastreams.signalling.mediaserver.MediaServers;
import io.github.mediastreams.testkit.KmsDouble;
import io.github.mediastreams.testkit.signalling.SignallingClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Drives crowd-detector over its secure WebSocket as the page does, against the KMS double, with a real HTTP server
 * standing in for Orion. The region of interest is the one of the recording of a real KMS 7.3
 * (crowd-detector.jsonl): the top-left quarter of the picture.
 */
// Its own KMS double: close the context with it, so that it does not keep reconnecting to a closed double.
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "media-streams.tls.directory=target/test-tls", "media-streams.signalling.min-start-interval=0s",
				"crowd-detector.rois.roi0=0,0,0.5,0,0.5,0.5,0,0.5", "context-broker.service=tutorial" })
class CrowdDetectorTest {

	/** How long anything may take: long, because the machines that run these tests can be very busy. */
	static final Duration WAIT = Duration.ofSeconds(30);

	static final JsonMapper JSON = JsonMapper.builder().build();

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

	@LocalServerPort
	int port;

	@Autowired
	MediaServers mediaServers;

	@Autowired
	MeterRegistry meters;

	@BeforeEach
	void cleanServersAndWaitForTheApp() {
		kms.reset(true);
		orion.reset();
		await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(this.mediaServers::isReachable);
	}


	@Test
	void theBrowsersVideoGoesThroughTheCrowdDetectorAndBack() {
		try (SignallingClient browser = browser()) {
			browser.start(SignallingClient.chromiumOffer());
			assertThat(browser.await("startResponse", WAIT).path("sdpAnswer").asString()).startsWith("v=0");

			String endpoint = single("WebRtcEndpoint");
			String filter = single("CrowdDetectorFilter");
			assertThat(kms.object(filter).qualifiedType()).isEqualTo("crowddetector.CrowdDetectorFilter");
			assertThat(kms.object(endpoint).sinkIds()).as("browser → crowd detector").containsExactly(filter);
			assertThat(kms.object(filter).sinkIds()).as("crowd detector → browser").containsExactly(endpoint);
			assertThat(kms.liveObjectCount()).as("pipeline, endpoint, filter").isEqualTo(3);
		}
	}

	@Test
	void theRegionsOfInterestReachKmsInTheShapeKurentoClientSendsThem() {
		try (SignallingClient browser = browser()) {
			browser.start(SignallingClient.chromiumOffer());
			browser.await("startResponse", WAIT);

			Map<String, Object> params = kms.object(single("CrowdDetectorFilter")).constructorParams();
			assertThat(params).containsOnlyKeys("mediaPipeline", "rois");
			// As recorded from kurento-client and a real KMS 7.3, numbers compared as numbers (0 and 0.0 alike).
			JsonNode recorded = JSON.readTree("""
					[{"__type__":"RegionOfInterest","id":"roi0","regionOfInterestConfig":{"__module__":"crowddetector",
					"__type__":"RegionOfInterestConfig"},"__module__":"crowddetector","points":[
					{"__type__":"RelativePoint","x":0,"y":0,"__module__":"crowddetector"},
					{"__type__":"RelativePoint","x":0.5,"y":0,"__module__":"crowddetector"},
					{"__type__":"RelativePoint","x":0.5,"y":0.5,"__module__":"crowddetector"},
					{"__type__":"RelativePoint","x":0,"y":0.5,"__module__":"crowddetector"}]}]""");
			assertThat(numbersAsDoubles(JSON.valueToTree(params.get("rois")))).isEqualTo(numbersAsDoubles(recorded));
		}
	}

	@Test
	void occupancyAndFluidityChangesReachThePage() {
		try (SignallingClient browser = browser()) {
			String filter = start(browser);

			fire(() -> kms.fireCrowdOccupancy(filter, "roi0", 11.88259506225586, 1));
			fire(() -> kms.fireCrowdFluidity(filter, "roi0", 29, 2));

			JsonNode occupancy = browser.await("crowdOccupancy", WAIT);
			assertThat(occupancy.propertyNames()).containsExactlyInAnyOrder("id", "roiId", "percentage", "level");
			assertThat(occupancy.path("roiId").asString()).isEqualTo("roi0");
			// The double sends KMS's float as a float: 11.882595, where KMS writes 11.88259506225586.
			assertThat(occupancy.path("percentage").asDouble()).isCloseTo(11.882595, within(1e-6));
			assertThat(occupancy.path("level").asInt()).isEqualTo(1);
			JsonNode fluidity = browser.await("crowdFluidity", WAIT);
			assertThat(fluidity.path("roiId").asString()).isEqualTo("roi0");
			assertThat(fluidity.path("percentage").asDouble()).isEqualTo(29);
			assertThat(fluidity.path("level").asInt()).isEqualTo(2);
		}
	}

	@Test
	void occupancyAndFluidityChangesAreContextUpdatesOfTheRegionsObservation() {
		try (SignallingClient browser = browser()) {
			String filter = start(browser);
			Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);

			fire(() -> kms.fireCrowdOccupancy(filter, "roi0", 11.88259506225586, 1));
			fire(() -> kms.fireCrowdFluidity(filter, "roi0", 29, 2));

			Instant after = Instant.now();
			List<FakeContextBroker.Request> requests = orion.requests();
			String attrs = "/v2/entities/urn:ngsi-ld:CrowdFlowObserved:camera-x:roi0/attrs";
			assertThat(requests).extracting(FakeContextBroker.Request::method, FakeContextBroker.Request::path)
				.containsExactly(tuple("PATCH", attrs), tuple("PATCH", attrs));
			String occupancyAt = requests.get(0).json().path("dateObserved").path("value").asString();
			assertThat(Instant.parse(occupancyAt)).as("the event's timestampMillis").isBetween(before, after);
			assertThat(requests.get(0).json()).isEqualTo(JSON.readTree("""
					{
					  "occupancy": {"type": "Number", "value": 0.1188},
					  "occupancyLevel": {"type": "Number", "value": 1},
					  "dateObserved": {"type": "DateTime", "value": "%s"}
					}""".formatted(occupancyAt)));
			assertThat(requests.get(1).json()).isEqualTo(JSON.readTree("""
					{
					  "fluidity": {"type": "Number", "value": 0.29},
					  "fluidityLevel": {"type": "Number", "value": 2},
					  "dateObserved": {"type": "DateTime", "value": "%s"}
					}""".formatted(requests.get(1).json().path("dateObserved").path("value").asString())));
		}
	}

	@Test
	void stopLeavesNoMediaObjects() {
		try (SignallingClient browser = browser()) {
			String filter = start(browser);
			fire(() -> kms.fireCrowdOccupancy(filter, "roi0", 40, 2));
			browser.await("crowdOccupancy", WAIT);

			browser.stop();

			await().atMost(WAIT).until(() -> kms.liveObjectCount() == 0);
		}
	}

	private SignallingClient browser() {
		return SignallingClient.connect(URI.create("wss://localhost:" + this.port + "/crowddetector"));
	}

	private String start(SignallingClient browser) {
		browser.start(SignallingClient.chromiumOffer());
		browser.await("startResponse", WAIT);
		return single("CrowdDetectorFilter");
	}

	// The app subscribes just after the negotiation: until then, an event reaches nobody and can be fired again.
	// Each event is one context update: wait for it, so that none lands on the broker during the next test.
	private void fire(IntSupplier event) {
		double sent = sentUpdates();
		await().atMost(WAIT).until(() -> event.getAsInt() > 0);
		await().atMost(WAIT).until(() -> sentUpdates() == sent + 1);
	}

	private double sentUpdates() {
		return this.meters.get("context.updates.sent").tag("kind", "crowd").counter().count();
	}

	private static String single(String type) {
		List<String> ids = kms.liveObjectIds(type);
		assertThat(ids).as("live %s objects", type).hasSize(1);
		return ids.get(0);
	}

	private static JsonNode numbersAsDoubles(JsonNode node) {
		if (node.isNumber()) {
			return JSON.getNodeFactory().numberNode(node.asDouble());
		}
		if (node.isArray()) {
			var array = JSON.createArrayNode();
			node.forEach((item) -> array.add(numbersAsDoubles(item)));
			return array;
		}
		if (node.isObject()) {
			var object = JSON.createObjectNode();
			node.properties().forEach((field) -> object.set(field.getKey(), numbersAsDoubles(field.getValue())));
			return object;
		}
		return node;
	}

}
