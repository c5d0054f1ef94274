package io.github.mediastreams.signalling.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.Mockito.atLeast;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
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

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(6);

	private final KmsDouble frozen = KmsDouble.start();

	private final KmsDouble healthy = KmsDouble.start();

	private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

	private final SessionObserver observer = mock(SessionObserver.class);

	// A heartbeat slower than the test: the frozen server stays connected, as it does for up to a heartbeat.
	private final MediaServers servers = new MediaServers(List.of(this.frozen.toURI(), this.healthy.toURI()),
			new MediaServerSettings(Duration.ofSeconds(2), REQUEST_TIMEOUT, Duration.ofMinutes(1),
					Duration.ofMinutes(5), Duration.ofMinutes(5)),
			new PipelineOwnership("frozen-test/" + UUID.randomUUID()), Duration.ofMinutes(1),
			new SessionLimits(1000, 1000, STARTS_PER_SERVER));

	private final MediaSessions sessions = new MediaSessions(MediaSessionTest::loopback, this.servers,
			new SessionSettings(3, 50, Duration.ZERO, Duration.ofSeconds(30), 16_384, 5), this.observer, this.pool,
			this.scheduler, Clock.systemUTC());

	@AfterEach
	void close() {
		this.frozen.endSilence();
		this.servers.close();
		this.pool.shutdownNow();
		this.scheduler.shutdownNow();
		this.frozen.close();
		this.healthy.close();
	}

	@Test
	void startsOnAFrozenServerLeaveTheOtherServersSessionsTheirThreads() {
		this.servers.connections().forEach(MediaServerConnection::client);
		// Every new session goes to the frozen server first.
		this.servers.drain(this.healthy.toURI(), true);
		this.frozen.goSilent();

		List<RecordingBrowser> onFrozen = new ArrayList<>();
		for (int i = 0; i < THREADS; i++) {
			RecordingBrowser browser = new RecordingBrowser();
			onFrozen.add(browser);
			this.sessions.open("frozen-" + i, browser).receive(new ClientMessage.Start(MediaSessionTest.OFFER));
		}
		await("starts beyond the frozen server's share refused at once").atMost(Duration.ofSeconds(5))
			.until(() -> onFrozen.stream().filter((b) -> !b.all(ServerMessage.Error.class).isEmpty()).count(),
					(refused) -> refused == THREADS - STARTS_PER_SERVER);
		assertThat(onFrozen).flatMap((b) -> b.all(ServerMessage.Error.class))
			.allSatisfy((error) -> {
				assertThat(error.message()).isEqualTo("The media servers are busy with other starts; try again in a moment");
				assertThat(error.retry()).as("the page tries again by itself").isTrue();
			});
		verify(this.observer, atLeast(THREADS - STARTS_PER_SERVER)).mediaServerError("busy");

		// The healthy server takes sessions again: its start, candidate and stop go on as usual, well within the
		// request timeout the frozen server's starts wait for.
		this.servers.drain(this.healthy.toURI(), false);
		RecordingBrowser browser = new RecordingBrowser();
		MediaSession session = this.sessions.open("healthy", browser);
		session.receive(new ClientMessage.Start(MediaSessionTest.OFFER));
		assertThat(browser.await(ServerMessage.StartResponse.class, Duration.ofSeconds(2)).sdpAnswer())
			.startsWith("v=0");
		String endpoint = this.healthy.liveObjectIds("WebRtcEndpoint").get(0);
		session.receive(MediaSessionTest.candidate(1));
		await("the candidate on the healthy server").atMost(Duration.ofSeconds(2))
			.until(() -> this.healthy.iceCandidatesReceived(endpoint).size() == 1);
		session.receive(new ClientMessage.Stop());
		await("the stop on the healthy server").atMost(Duration.ofSeconds(2))
			.until(() -> this.healthy.liveObjectCount("MediaPipeline") == 0);
		assertThat(onFrozen.stream().filter((b) -> b.all().isEmpty()).count())
			.as("the frozen server's starts, still waiting for its answer").isEqualTo(STARTS_PER_SERVER);
	}
}
