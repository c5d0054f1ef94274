package io.github.mediastreams.platedetector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.github.mediastreams.testkit.KmsDouble;
import io.github.mediastreams.testkit.signalling.SignallingClient;
import tools.jackson.databind.json.JsonMapper;

/** Drives plate-detector over its secure WebSocket as the page does, against the KMS double, without a broker. */
// Its own KMS double: close the context with it, so that it does not keep reconnecting to a closed double.
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "media-streams.tls.directory=target/test-tls", "media-streams.signalling.min-start-interval=0s",
				// Long enough that no repeat in a test outlives it, however slow the machine.
				"context-broker.plate-repeat-interval=1h", "logging.level.io.github.mediastreams.platedetector=debug" })
@ExtendWith(OutputCaptureExtension.class)
class PlateDetectorSignallingTest extends PlateDetectorSessions {

	static final KmsDouble kms = KmsDouble.start();

	@DynamicPropertySource
	static void mediaServer(DynamicPropertyRegistry registry) {
		registry.add("media-server.url", kms::uri);
	}

	@AfterAll
	static void closeKms() {
		kms.close();
	}

	@Override
	KmsDouble kms() {
		return kms;
	}

	@Test
	void theBrowsersVideoGoesThroughThePlateDetectorAndBack() {
		try (SignallingClient browser = browser()) {
			browser.start(SignallingClient.chromiumOffer());
			assertThat(browser.await("startResponse", WAIT).path("sdpAnswer").asString()).startsWith("v=0");

			String endpoint = single("WebRtcEndpoint");
			String filter = single("PlateDetectorFilter");
			assertThat(kms.object(filter).qualifiedType()).isEqualTo("platedetector.PlateDetectorFilter");
			// As kurento-client's generated classes create it: the pipeline and nothing else.
			assertThat(kms.object(filter).constructorParams()).containsOnlyKeys("mediaPipeline");
			assertThat(kms.object(filter).parentId()).isEqualTo(kms.object(endpoint).parentId());
			assertThat(kms.object(endpoint).sinkIds()).as("browser → plate detector").containsExactly(filter);
			assertThat(kms.object(filter).sinkIds()).as("plate detector → browser").containsExactly(endpoint);
			assertThat(kms.requests("setPlateWidthPercentage"))
				.as("the plate width the sample plate is drawn to, set in the start's one transaction")
				.singleElement()
				.satisfies((set) -> {
					assertThat(set.objectId()).isEqualTo(filter);
					assertThat(set.inTransaction()).isTrue();
					assertThat(set.operationParams()).containsEntry("plateWidthPercentage", 0.25);
				});
			assertThat(kms.liveObjectCount()).as("pipeline, endpoint, filter").isEqualTo(3);
		}
	}

	@Test
	void aPlateReadByTheMediaServerIsShownAsItWasRead() {
		try (SignallingClient browser = browser()) {
			String filter = startSession(browser);

			firePlate(browser, filter, "--2748DKR");

			assertThat(browser.received("plateDetected")).containsExactly(
					JsonMapper.builder().build().readTree("{\"id\":\"plateDetected\",\"plate\":\"--2748DKR\"}"));
		}
	}

	@Test
	void aPlateSeenFrameAfterFrameIsShownOnceAndAnotherPlateAtOnce(CapturedOutput output) {
		try (SignallingClient browser = browser()) {
			String filter = startSession(browser);

			firePlate(browser, filter, "--2748DKR");
			fireSkipped(output, filter, "--2748DKR");
			fireSkipped(output, filter, "--2748DKR");
			firePlate(browser, filter, "--8415FPV");
			// Read again after another plate: a new passage, reported again.
			firePlate(browser, filter, "--2748DKR");

			assertThat(plates(browser)).containsExactly("--2748DKR", "--8415FPV", "--2748DKR");
		}
	}

	@Test
	void platesThatDifferOnlyByUnreadCharactersAreTheSamePlate(CapturedOutput output) {
		try (SignallingClient browser = browser()) {
			String filter = startSession(browser);

			firePlate(browser, filter, "--2748DKR");
			fireSkipped(output, filter, "-2748DKR-");

			assertThat(plates(browser)).containsExactly("--2748DKR");
		}
	}

	@Test
	void aPlateOfWhichNothingWasReadIsNotShown(CapturedOutput output) {
		try (SignallingClient browser = browser()) {
			String filter = startSession(browser);

			fireSkipped(output, filter, "-------");
			firePlate(browser, filter, "--8886AJR");

			assertThat(plates(browser)).containsExactly("--8886AJR");
		}
	}

	@Test
	void eachSessionIsToldOfItsOwnPlatesWhateverTheOthersSaw() {
		try (SignallingClient first = browser(); SignallingClient second = browser()) {
			String firstFilter = startSession(first);
			String secondFilter = startSession(second);

			firePlate(first, firstFilter, "--2748DKR");
			firePlate(second, secondFilter, "--2748DKR");
			firePlate(first, firstFilter, "--8415FPV");

			assertThat(plates(first)).containsExactly("--2748DKR", "--8415FPV");
			assertThat(plates(second)).containsExactly("--2748DKR");
		}
	}

	@Test
	void stopLeavesNoMediaObjects() {
		try (SignallingClient browser = browser()) {
			String filter = startSession(browser);
			firePlate(browser, filter, "--2748DKR");

			browser.stop();

			await().atMost(WAIT).until(() -> kms.liveObjectCount() == 0);
		}
	}

	@Test
	void closingThePageLeavesNoMediaObjects() {
		SignallingClient browser = browser();
		startSession(browser);

		browser.close();

		await().atMost(WAIT).until(() -> kms.liveObjectCount() == 0);
	}

}
