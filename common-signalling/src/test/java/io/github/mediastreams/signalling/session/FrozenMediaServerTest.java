package io.github.mediastreams.signalling.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.mediastreams.signalling.mediaserver.MediaServerConnection;
import io.github.mediastreams.signalling.mediaserver.MediaServerSettings;
import io.github.mediastreams.signalling.mediaserver.MediaServers;
import io.github.mediastreams.signalling.mediaserver.PipelineOwnership;
import io.github.mediastreams.signalling.mediaserver.SessionLimits;
import io.github.mediastreams.signalling.protocol.ClientMessage;
import io.github.mediastreams.signalling.protocol.ServerMessage;
import io.github.mediastreams.testkit.KmsDouble;

/**
 * A frozen media server delays only its own sessions. All sessions share one pool of threads, and a start holds
 * one until its media server answers: without a bound per server, starts on a frozen one take every thread, and
 * the sessions of a healthy one wait for the request timeout too.
 */
class FrozenMediaServerTest {

	// As the auto-configuration's defaults: media-streams.signalling.threads and media-server.max-starts-per-server.
	private static final int THREADS = 64;

	private static final int STARTS_PER_SERVER = 16;

	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

	// Longer than the test: the frozen server's starts wait for ever, as far as the test can tell.
	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

	private final KmsDouble frozen = KmsDouble.start();

	private final KmsDouble healthy = KmsDouble.start();

	private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

	private final SessionObserver observer = mock(SessionObserver.class);

	private MediaServers servers;

	private MediaSessions sessions;

	@AfterEach
	void close() {
		this.frozen.endSilence();
		if (this.servers != null) {
			this.servers.close();
		}
		this.pool.shutdownNow();
		this.scheduler.shutdownNow();
		this.frozen.close();
		this.healthy.close();
	}

	@Test
	void aBurstWithAFrozenServerInThePoolGoesToTheOtherAndLeavesItsSessionsTheirThreads() {
		open(this.frozen, this.healthy);
		this.frozen.goSilent();

		// Twice the threads: placed by turns, half of them would wait on the frozen server and hold every thread.
		List<RecordingBrowser> burst = startAll(2 * THREADS);
		await("the starts the healthy server took, answered").atMost(Duration.ofSeconds(10))
			.until(() -> answered(burst), (count) -> count == 2 * THREADS - STARTS_PER_SERVER);
		assertThat(burst.stream().filter((b) -> b.all().isEmpty()).count())
			.as("the frozen server's starts, still waiting for its answer").isEqualTo(STARTS_PER_SERVER);
		assertThat(this.healthy.liveObjectCount("MediaPipeline")).isEqualTo(2 * THREADS - STARTS_PER_SERVER);

		// Another session on the healthy server: its start, candidate and stop are carried out as usual, well
		// within the request timeout the frozen server's starts wait for.
		List<String> before = this.healthy.liveObjectIds("WebRtcEndpoint");
		RecordingBrowser browser = new RecordingBrowser();
		MediaSession session = this.sessions.open("healthy", browser);
		session.receive(new ClientMessage.Start(MediaSessionTest.OFFER));
		assertThat(browser.await(ServerMessage.StartResponse.class, Duration.ofSeconds(2)).sdpAnswer())
			.startsWith("v=0");
		String endpoint = this.healthy.liveObjectIds("WebRtcEndpoint")
			.stream()
			.filter((id) -> !before.contains(id))
			.findFirst()
			.orElseThrow();
		session.receive(MediaSessionTest.candidate(1));
		await("the candidate on the healthy server").atMost(Duration.ofSeconds(2))
			.until(() -> this.healthy.iceCandidatesReceived(endpoint).size() == 1);
		session.receive(new ClientMessage.Stop());
		await("the stop on the healthy server").atMost(Duration.ofSeconds(2))
			.until(() -> this.healthy.findObject(endpoint).isEmpty());
	}

	@Test
	void aStartBeyondTheOnlyServersBoundWaitsAtMostTheConnectTimeoutAndIsToldItIsBusy() {
		open(this.frozen);
		this.frozen.goSilent();

		// Whichever comes last of them finds the 16 slots taken.
		List<RecordingBrowser> browsers = startAll(STARTS_PER_SERVER + 1);

		// Within the connect timeout (2 s), long before the request timeout the others wait for.
		await("the start beyond the bound, told").atMost(Duration.ofSeconds(10))
			.until(() -> browsers.stream().filter((b) -> !b.all().isEmpty()).count(), (told) -> told == 1);
		ServerMessage.Error error = browsers.stream()
			.flatMap((b) -> b.all(ServerMessage.Error.class).stream())
			.findFirst()
			.orElseThrow();
		assertThat(error.message()).isEqualTo("The media servers are busy with other starts; try again in a moment");
		assertThat(error.retry()).as("the page tries again by itself").isTrue();
		verify(this.observer).mediaServerError("busy");
		assertThat(browsers.stream().filter((b) -> b.all().isEmpty()).count())
			.as("the starts waiting for the frozen server's answer").isEqualTo(STARTS_PER_SERVER);
	}

	@Test
	void aBurstOnAHealthyServerWaitsForStartSlotsAndNoStartIsRefused() {
		open(this.healthy);

		List<RecordingBrowser> burst = startAll(2 * THREADS);

		await("every start answered").atMost(Duration.ofSeconds(10))
			.until(() -> answered(burst), (count) -> count == 2 * THREADS);
		assertThat(burst).allSatisfy((b) -> assertThat(b.all(ServerMessage.Error.class)).isEmpty());
		verify(this.observer, timeout(1000).times(2 * THREADS)).started(any());
		verify(this.observer, never()).mediaServerError("busy");
	}

	private void open(KmsDouble... doubles) {
		List<URI> urls = Arrays.stream(doubles).map(KmsDouble::toURI).toList();
		// A heartbeat slower than the test: a frozen server stays connected, as it does for up to a heartbeat.
		this.servers = new MediaServers(urls,
				new MediaServerSettings(CONNECT_TIMEOUT, REQUEST_TIMEOUT, Duration.ofMinutes(1), Duration.ofMinutes(5),
						Duration.ofMinutes(5)),
				new PipelineOwnership("frozen-test/" + UUID.randomUUID()), Duration.ofMinutes(1),
				new SessionLimits(1000, 1000, STARTS_PER_SERVER));
		this.sessions = new MediaSessions(MediaSessionTest::loopback, this.servers,
				new SessionSettings(3, 50, Duration.ZERO, Duration.ofSeconds(30), 16_384, 5), this.observer, this.pool,
				this.scheduler, Clock.systemUTC());
		this.servers.connections().forEach(MediaServerConnection::client);
	}

	private List<RecordingBrowser> startAll(int count) {
		List<RecordingBrowser> browsers = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			RecordingBrowser browser = new RecordingBrowser();
			browsers.add(browser);
			this.sessions.open("s" + i, browser).receive(new ClientMessage.Start(MediaSessionTest.OFFER));
		}
		return browsers;
	}

	private static long answered(List<RecordingBrowser> browsers) {
		return browsers.stream().filter((b) -> !b.all(ServerMessage.StartResponse.class).isEmpty()).count();
	}
}
