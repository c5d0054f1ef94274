package io.github.mediastreams.signalling.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.github.mediastreams.signalling.mediaserver.MediaServers;
import io.github.mediastreams.signalling.session.MediaSessions;
import io.github.mediastreams.signalling.testapp.SignallingTestApplication;
import io.github.mediastreams.testkit.KmsDouble;
import io.github.mediastreams.testkit.signalling.SignallingClient;

/**
 * The caps on live sessions, of the app and of each media server (two doubles): starts beyond them are refused in
 * words, the sessions that run go on, and a place freed is taken again.
 */
@SpringBootTest(classes = SignallingTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "media-streams.signalling.path=/signalling", "media-streams.signalling.min-start-interval=0s",
				"media-server.max-sessions=3", "media-server.max-sessions-per-server=2",
				"media-streams.tls.directory=target/test-tls" })
class SessionLimitsTest {

	static final List<KmsDouble> doubles = List.of(KmsDouble.start(), KmsDouble.start());

	static final String OFFER = SignallingClient.chromiumOffer();

	static final String FULL = "The media servers are serving as many sessions as they may; try again in a moment";

	@LocalServerPort
	int port;

	@Autowired
	MediaServers servers;

	@Autowired
	MediaSessions sessions;

	final List<SignallingClient> browsers = new ArrayList<>();

	@DynamicPropertySource
	static void mediaServers(DynamicPropertyRegistry registry) {
		registry.add("media-server.urls", () -> doubles.stream().map(KmsDouble::uri).collect(Collectors.joining(",")));
	}

	@AfterAll
	static void closeDoubles() {
		doubles.forEach(KmsDouble::close);
	}

	@BeforeEach
	void idleServers() {
		for (KmsDouble kms : doubles) {
			kms.reset(true);
			this.servers.drain(kms.toURI(), false);
		}
	}

	@AfterEach
	void closeBrowsers() {
		this.browsers.forEach(SignallingClient::close);
		await().until(() -> this.sessions.size() == 0 && pipelines() == 0);
	}

	@Test
	void startsBeyondTheAppsCapAreRefusedAndThePlaceIsTakenAgainOnceFree() {
		List<SignallingClient> running = List.of(started(), started(), started());
		String[] pipelines = doubles.stream().flatMap((kms) -> kms.liveObjectIds("MediaPipeline").stream())
			.toArray(String[]::new);

		SignallingClient refused = browser();
		refused.start(OFFER);

		assertThat(refused.await("error").path("message").asString()).isEqualTo(FULL);
		assertThat(pipelines()).as("no pipeline built for the refused start").isEqualTo(3);
		assertThat(doubles.stream().flatMap((kms) -> kms.liveObjectIds("MediaPipeline").stream()))
			.containsExactlyInAnyOrder(pipelines);
		running.forEach((browser) -> assertThat(browser.received("error")).isEmpty());

		running.get(0).stop();
		await().until(() -> pipelines() == 2);
		refused.start(OFFER);
		refused.await("startResponse");
	}

	@Test
	void aFullServerTakesNoMoreWhileTheOtherHasRoom() {
		this.servers.drain(doubles.get(1).toURI(), true);
		started();
		started();

		SignallingClient third = browser();
		third.start(OFFER);
		assertThat(third.await("error").path("message").asString()).isEqualTo(FULL);
		assertThat(doubles.get(0).liveObjectCount("MediaPipeline")).isEqualTo(2);

		this.servers.drain(doubles.get(1).toURI(), false);
		third.start(OFFER);
		third.await("startResponse");
		assertThat(doubles.get(1).liveObjectCount("MediaPipeline")).isEqualTo(1);
	}

	private SignallingClient browser() {
		SignallingClient browser = SignallingClient.connect(URI.create("wss://localhost:" + this.port + "/signalling"));
		this.browsers.add(browser);
		return browser;
	}

	private SignallingClient started() {
		SignallingClient browser = browser();
		browser.start(OFFER);
		browser.await("startResponse");
		return browser;
	}

	private static int pipelines() {
		return doubles.stream().mapToInt((kms) -> kms.liveObjectCount("MediaPipeline")).sum();
	}
}
