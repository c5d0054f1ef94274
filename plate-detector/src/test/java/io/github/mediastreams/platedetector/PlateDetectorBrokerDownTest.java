package io.github.mediastreams.platedetector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.github.mediastreams.testkit.KmsDouble;
import io.github.mediastreams.testkit.signalling.SignallingClient;

/** No Context Broker where CONTEXT_BROKER_URL points (connections refused): the media session does not notice. */
// Its own KMS double: close the context with it, so that it does not keep reconnecting to a closed double.
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "media-streams.tls.directory=target/test-tls", "media-streams.signalling.min-start-interval=0s",
				"context-broker.retry.max-attempts=2", "context-broker.retry.initial-delay=10ms" })
class PlateDetectorBrokerDownTest extends PlateDetectorSessions {

	static final KmsDouble kms = KmsDouble.start();

	@DynamicPropertySource
	static void servers(DynamicPropertyRegistry registry) {
		registry.add("media-server.url", kms::uri);
		registry.add("context-broker.url", () -> "http://127.0.0.1:" + closedPort());
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
	void platesStillReachThePageAndStopReleasesEverything() {
		try (SignallingClient browser = browser()) {
			String filter = startSession(browser);
			double failed = updates("context.updates.failed");

			firePlate(browser, filter, "--2748DKR");
			firePlate(browser, filter, "--8415FPV");

			assertThat(plates(browser)).containsExactly("--2748DKR", "--8415FPV");
			await().atMost(WAIT).until(() -> updates("context.updates.failed") == failed + 2);
			browser.stop();
			await().atMost(WAIT).until(() -> kms.liveObjectCount() == 0);
		}
	}

	private static int closedPort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
