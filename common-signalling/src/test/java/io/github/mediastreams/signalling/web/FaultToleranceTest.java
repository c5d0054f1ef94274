package io.github.mediastreams.signalling.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

import io.github.mediastreams.signalling.testapp.SignallingTestApplication;
import io.github.mediastreams.testkit.KmsErrors;
import io.github.mediastreams.testkit.signalling.SignallingClient;

/** Media server and browser faults, with the double's fault controls: sessions end cleanly and nothing leaks. */
@SpringBootTest(classes = SignallingTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "media-streams.signalling.path=/signalling", "media-streams.signalling.min-start-interval=0s",
				"media-server.request-timeout=2s" })
class FaultToleranceTest extends AppUnderTest {

	@BeforeEach
	void healthyMediaServer() {
		awaitMediaServer();
		kms.reset(true);
	}

	@Test
	void theMediaServerDroppedMidSessionEndsTheSessionWithAnErrorAndNewSessionsWork() {
		try (SignallingClient browser = startedBrowser(); SignallingClient other = startedBrowser()) {
			kms.dropConnections();

			assertThat(browser.await("error").path("message").asString())
				.isEqualTo("The connection to the media server was lost; start again");
			assertThat(other.await("error").path("message").asString())
				.isEqualTo("The connection to the media server was lost; start again");
			// The same server kept the objects: the app releases them once it is back.
			awaitOnlyLeft(2, 0);

			browser.start(OFFER);
			browser.await("startResponse");
		}
		awaitNothingLeft();
	}

	@Test
	void aRestartedMediaServerEndsTheSessionAndNewSessionsWorkOnTheNewServer() {
		try (SignallingClient browser = startedBrowser()) {
			kms.restart();

			assertThat(browser.await("error").path("message").asString())
				.isEqualTo("The connection to the media server was lost; start again");
			awaitMediaServer();
			browser.start(OFFER);
			browser.await("startResponse");
			assertThat(kms.liveObjectCount("MediaPipeline")).isEqualTo(1);
			assertThat(this.mediaServers.ownership().claims()).as("only the live session claims a pipeline").isOne();
		}
		awaitNothingLeft();
	}

	@Test
	void aStartSlowerThanTheTimeoutGetsAnErrorAndWhatItBuiltIsReleasedWhenItArrives() {
		kms.faults().delay("transaction", Duration.ofSeconds(3));
		try (SignallingClient browser = browser()) {
			browser.start(OFFER);

			assertThat(browser.await("error").path("message").asString())
				.isEqualTo("The media server did not answer in time; try again");
			// The media server builds it all after the app gave up: a sweep releases it then.
			await().atMost(Duration.ofSeconds(20)).until(() -> !kms.requests("release").isEmpty());
			awaitOnlyLeft(1, 0);
			assertThat(browser.received("startResponse")).isEmpty();
		}
		awaitNothingLeft();
	}

	@Test
	void errorsOnCreateGetAnErrorAndLeakNothing() {
		kms.faults().failOnCall("create", 2, KmsErrors.NOT_ENOUGH_RESOURCES, "Not enough resources");
		try (SignallingClient browser = browser()) {
			browser.start(OFFER);

			String message = browser.await("error").path("message").asString();
			assertThat(message).isEqualTo("The media server could not set up the session (error "
					+ KmsErrors.NOT_ENOUGH_RESOURCES + ")");
			awaitOnlyLeft(1, 0);

			browser.start(OFFER);
			browser.await("startResponse");
		}
		awaitNothingLeft();
	}

	@Test
	void aBrowserThatVanishesWithoutStopLeavesNothing() {
		SignallingClient browser = startedBrowser();
		browser.iceCandidate("candidate:1 1 udp 2122260223 10.0.0.1 50000 typ host", "0", 0);

		browser.vanish();

		awaitNothingLeft();
	}
}
