package io.github.mediastreams.signalling.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.github.mediastreams.signalling.mediaserver.MediaServers;
import io.github.mediastreams.signalling.session.MediaSessions;
import io.github.mediastreams.testkit.KmsDouble;
import io.github.mediastreams.testkit.signalling.SignallingClient;
import tools.jackson.databind.JsonNode;

/** What the web-level tests share: the app on a random HTTPS port, the KMS double, and browsers to drive it. */
abstract class AppUnderTest {

	static final KmsDouble kms = KmsDouble.start();

	static final String OFFER = SignallingClient.chromiumOffer();

	@LocalServerPort
	int port;

	@Autowired
	MediaServers mediaServers;

	@Autowired
	MediaSessions sessions;

	@DynamicPropertySource
	static void mediaServer(DynamicPropertyRegistry registry) {
		registry.add("media-server.url", kms::uri);
		registry.add("media-streams.tls.directory", () -> "target/test-tls");
	}

	SignallingClient browser() {
		return SignallingClient.connect(URI.create("wss://localhost:" + this.port + "/signalling"));
	}

	/** A browser with a started session. */
	SignallingClient startedBrowser() {
		SignallingClient browser = browser();
		browser.start(OFFER);
		browser.await("startResponse");
		return browser;
	}

	void awaitMediaServer() {
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(this.mediaServers::isReachable);
	}

	/** Waits until the app has released everything and closed every session. */
	void awaitNothingLeft() {
		awaitOnlyLeft(0, 0);
	}

	/** Waits until only these sessions, and these media objects on the media server, are left. */
	void awaitOnlyLeft(int openSessions, int liveObjects) {
		await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
			assertThat(kms.liveObjectCount()).as("live KMS objects").isEqualTo(liveObjects);
			assertThat(this.sessions.size()).as("open sessions").isEqualTo(openSessions);
		});
	}

	/** An error message a person can read: no stack trace, no exception name, no KMS id. */
	static void assertHumanReadable(JsonNode error) {
		String message = error.path("message").asString();
		assertThat(message).isNotBlank()
			.doesNotContain("Exception", "\tat ", "_kurento", "kurento.", "null")
			.doesNotContainPattern("[0-9a-f]{8}-[0-9a-f]{4}-");
	}
}
