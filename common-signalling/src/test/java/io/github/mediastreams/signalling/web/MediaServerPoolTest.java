package io.github.mediastreams.signalling.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.github.mediastreams.signalling.mediaserver.MediaServerConnection;
import io.github.mediastreams.signalling.mediaserver.MediaServerHealthIndicator;
import io.github.mediastreams.signalling.mediaserver.MediaServerStatus;
import io.github.mediastreams.signalling.mediaserver.MediaServers;
import io.github.mediastreams.signalling.session.MediaSessions;
import io.github.mediastreams.signalling.testapp.SignallingTestApplication;
import io.github.mediastreams.testkit.KmsDouble;
import io.github.mediastreams.testkit.signalling.SignallingClient;

/**
 * An app with three media servers (three doubles, {@code media-server.urls}): where sessions go, by count and by
 * load; draining; and a server lost, whose sessions are told so that their pages start again elsewhere, and whose
 * pipelines are released once it is back.
 */
@SpringBootTest(classes = SignallingTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "media-streams.signalling.path=/signalling", "media-streams.signalling.min-start-interval=0s",
				"media-server.load-interval=200ms", "media-server.heartbeat-interval=500ms",
				"media-server.request-timeout=1s", "media-streams.tls.directory=target/test-tls" })
class MediaServerPoolTest {

	static final List<KmsDouble> doubles = List.of(KmsDouble.start(), KmsDouble.start(), KmsDouble.start());

	static final String OFFER = SignallingClient.chromiumOffer();

	@LocalServerPort
	int port;

	@Autowired
	MediaServers servers;

	@Autowired
	MediaSessions sessions;

	@Autowired
	MediaServerHealthIndicator health;

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
	void everyServerUpAndIdle() {
		for (KmsDouble kms : doubles) {
			if (kms.isSilent()) {
				kms.endSilence();
			}
			kms.reset(true);
			this.servers.drain(kms.toURI(), false);
		}
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.servers.connections().stream().allMatch(MediaServerConnection::isReachable));
	}

	@AfterEach
	void closeBrowsers() {
		this.browsers.forEach(SignallingClient::close);
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			assertThat(this.sessions.size()).isZero();
			assertThat(doubles).allSatisfy((kms) -> assertThat(kms.liveObjectCount()).isZero());
		});
	}

	@Test
	void thirtyStartsSpreadTenTenTen() {
		startSessions(30);

		assertThat(pipelinesPerServer()).allSatisfy((count) -> assertThat(count).isBetween(9, 11));
	}

	@Test
	void aServerReportingHighCpuGetsFewerSessions() {
		// 190 % of its 2 cores' 200 %: nearly full.
		doubles.get(0).load().cpuCount(2).cpuPercent(190);
		await().atMost(Duration.ofSeconds(10)).until(() -> cpuOf(doubles.get(0)) != null && cpuOf(doubles.get(0)) > 100);

		startSessions(30);

		List<Integer> counts = pipelinesPerServer();
		assertThat(counts.get(0)).as("sessions on the loaded server, of %s", counts).isLessThan(8);
		assertThat(counts.get(1) + counts.get(2)).isGreaterThan(22);
	}

	@Test
	void aDrainedServerGetsNoNewSessionsAndKeepsItsLiveOnes() {
		startSessions(3);
		assertThat(pipelinesPerServer()).containsExactly(1, 1, 1);

		this.servers.drain(doubles.get(1).toURI(), true);
		startSessions(6);

		assertThat(pipelinesPerServer()).containsExactly(4, 1, 4);
		assertThat(statusOf(doubles.get(1)).draining()).isTrue();
	}

	@Test
	void aLostServersSessionsAreToldSoThatTheyStartAgainElsewhereAndNothingIsLeftOnItOnceBack() {
		List<SignallingClient> started = startSessions(6);
		KmsDouble lost = doubles.get(2);
		assertThat(lost.liveObjectCount("MediaPipeline")).isEqualTo(2);

		// Frozen: its connections stay open, it answers nothing; the heartbeat finds out.
		lost.goSilent();

		List<SignallingClient> told = new ArrayList<>();
		await().atMost(Duration.ofSeconds(15)).until(() -> started.stream()
			.filter((b) -> !b.received("mediaServerLost").isEmpty()).count() == 2);
		for (SignallingClient browser : started) {
			if (!browser.received("mediaServerLost").isEmpty()) {
				told.add(browser);
				assertThat(browser.received("error")).as("a page that asked for it gets no error").isEmpty();
				// As media-streams.js does: start again on a fresh offer.
				browser.send(Map.of("id", "start", "sdpOffer", OFFER, "restartOnMediaServerLoss", true));
			}
		}
		for (SignallingClient browser : told) {
			browser.await("startResponse");
		}
		assertThat(doubles.get(0).liveObjectCount("MediaPipeline") + doubles.get(1).liveObjectCount("MediaPipeline"))
			.isEqualTo(6);

		lost.endSilence();

		// Back, with the two pipelines it still held: the sweep after the reconnection releases them.
		await().atMost(Duration.ofSeconds(20)).until(() -> lost.liveObjectCount() == 0);
	}

	@Test
	void aPageThatDidNotAskGetsTheErrorOfOneServer() {
		SignallingClient browser = browser();
		browser.start(OFFER);
		browser.await("startResponse");
		KmsDouble lost = doubles.stream().filter((kms) -> kms.liveObjectCount() > 0).findFirst().orElseThrow();

		lost.stop();

		assertThat(browser.await("error").path("message").asString())
			.isEqualTo("The connection to the media server was lost; start again");
		assertThat(browser.received("mediaServerLost")).isEmpty();
		lost.restart();
	}

	@Test
	void anUnreachableServerGetsNoSessionsAndHealthSaysWhich() {
		KmsDouble down = doubles.get(0);
		down.stop();
		try {
			await().atMost(Duration.ofSeconds(10)).until(() -> !statusOf(down).connected());

			startSessions(4);

			assertThat(pipelinesPerServer()).containsExactly(0, 2, 2);
			Health health = this.health.health(true);
			assertThat(health.getStatus()).as("sessions can still be placed").isEqualTo(Status.UP);
			@SuppressWarnings("unchecked")
			Map<String, Map<String, Object>> each = (Map<String, Map<String, Object>>) health.getDetails()
				.get("servers");
			assertThat(each.get(down.uri())).containsEntry("status", "DOWN").containsEntry("sessions", 0);
			assertThat(each.get(doubles.get(1).uri())).containsEntry("status", "UP").containsEntry("sessions", 2);
		}
		finally {
			down.restart();
		}
	}

	private List<SignallingClient> startSessions(int count) {
		List<SignallingClient> started = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			SignallingClient browser = browser();
			browser.send(Map.of("id", "start", "sdpOffer", OFFER, "restartOnMediaServerLoss", true));
			started.add(browser);
		}
		started.forEach((browser) -> browser.await("startResponse"));
		return started;
	}

	private SignallingClient browser() {
		SignallingClient browser = SignallingClient.connect(URI.create("wss://localhost:" + this.port + "/signalling"));
		this.browsers.add(browser);
		return browser;
	}

	private static List<Integer> pipelinesPerServer() {
		return doubles.stream().map((kms) -> kms.liveObjectCount("MediaPipeline")).toList();
	}

	private MediaServerStatus statusOf(KmsDouble kms) {
		return this.servers.status().stream().filter((s) -> s.url().equals(kms.toURI())).findFirst().orElseThrow();
	}

	private Float cpuOf(KmsDouble kms) {
		return statusOf(kms).cpuPercent();
	}
}
