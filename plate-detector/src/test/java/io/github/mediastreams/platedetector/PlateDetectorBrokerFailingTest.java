package io.github.mediastreams.platedetector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

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

/** A Context Broker that answers every request with 503: the media session does not notice, retries end. */
// Its own KMS double: close the context with it, so that it does not keep reconnecting to a closed double.
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "media-streams.tls.directory=target/test-tls", "media-streams.signalling.min-start-interval=0s",
				"context-broker.retry.max-attempts=3", "context-broker.retry.initial-delay=10ms",
				"context-broker.retry.max-delay=20ms" })
class PlateDetectorBrokerFailingTest extends PlateDetectorSessions {

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
	void unavailableBroker() {
		broker.reset();
		broker.answerByDefault(503);
	}

	@Test
	void platesStillReachThePageRetriesStopAtTheirBoundAndStopReleasesEverything() {
		try (SignallingClient browser = browser()) {
			String filter = startSession(browser);
			double failed = updates("context.updates.failed");
			double sent = updates("context.updates.sent");

			firePlate(browser, filter, "--2748DKR");

			await().atMost(WAIT).until(() -> updates("context.updates.failed") == failed + 1);
			assertThat(broker.requests()).as("max-attempts PATCHes, then given up")
				.hasSize(3)
				.allSatisfy((request) -> assertThat(request.method()).isEqualTo("PATCH"));
			assertThat(updates("context.updates.sent")).isEqualTo(sent);

			firePlate(browser, filter, "--8415FPV");
			assertThat(plates(browser)).containsExactly("--2748DKR", "--8415FPV");
			await().atMost(WAIT).until(() -> updates("context.updates.failed") == failed + 2);
			assertThat(broker.requests()).hasSize(6);

			browser.stop();
			await().atMost(WAIT).until(() -> kms.liveObjectCount() == 0);
		}
	}

}
