package io.github.mediastreams.signalling.mediaserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kurento.client.KurentoClient;
import org.kurento.client.MediaPipeline;
import org.kurento.jsonrpc.client.JsonRpcClientNettyWebSocket;

import io.github.mediastreams.testkit.KmsDouble;
import io.github.mediastreams.testkit.KmsDoubleExtension;

/**
 * The connection to the media server over time and the network, with the real kurento-client against the double:
 * restarts, idle time, silence, requests cut off, and what a lost connection leaves on the server.
 */
class MediaServerConnectionTest {

	@RegisterExtension
	static final KmsDoubleExtension kmsDouble = new KmsDoubleExtension();

	KmsDouble kms;

	MediaServerConnection connection;

	final AtomicInteger losses = new AtomicInteger();

	@BeforeEach
	void clean() {
		this.kms = kmsDouble.get();
		kms.reset(true);
	}

	@AfterEach
	void close() {
		if (this.connection != null) {
			this.connection.close();
		}
		if (kms.isSilent()) {
			kms.endSilence();
		}
	}

	@Test
	void aRestartFollowedByIdleTimePastTheIdleTimeoutLeavesAWorkingConnection() throws Exception {
		connect(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMinutes(1));
		this.connection.client().createMediaPipeline().release();

		kms.restart();
		await().atMost(Duration.ofSeconds(15)).until(() -> this.losses.get() == 1 && this.connection.isConnected());
		// The tutorial's step: Kurento restarted, then nobody uses the app for longer than the idle timeout.
		TimeUnit.SECONDS.sleep(3);

		assertThat(this.losses).as("connection losses after the restart").hasValue(1);
		assertThat(this.connection.isReachable()).isTrue();
		this.connection.client().createMediaPipeline().release();
	}

	@Test
	void aHeartbeatSlowerThanTheIdleTimeoutDoesNotTakeAnIdleConnectionForALostOne() throws Exception {
		connect(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofMinutes(1));
		this.connection.client();

		TimeUnit.SECONDS.sleep(5);

		assertThat(this.losses).as("connection losses while idle").hasValue(0);
		assertThat(this.connection.isReachable()).isTrue();
		this.connection.client().createMediaPipeline().release();
	}

	@Test
	void aSilentMediaServerIsTakenForALostOneAndTheConnectionComesBackWithIt() {
		connect(Duration.ofMillis(300), Duration.ofMinutes(5), Duration.ofMinutes(1));
		this.connection.client();

		kms.goSilent();

		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(this.losses).hasValue(1));
		assertThat(this.connection.isReachable()).as("reachable while silent").isFalse();

		kms.endSilence();

		await().atMost(Duration.ofSeconds(20)).until(this.connection::isReachable);
		this.connection.client().createMediaPipeline().release();
	}

	@Test
	void aMediaServerThatAnswersProbesSlowlyIsReportedSlowAndKeepsItsSessions() {
		// Pings answered in 1.5 s: slower than the connect timeout (1 s), within the request timeout (5 s) even
		// behind a heartbeat's ping, which KMS answers first.
		connect(new MediaServerSettings(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30),
				Duration.ofMinutes(5), Duration.ofMinutes(1)));
		MediaPipeline live = this.connection.client().createMediaPipeline();
		kms.faults().delay("ping", Duration.ofMillis(1500));

		for (int probe = 0; probe < 3; probe++) {
			assertThat(this.connection.isReachable()).as("probe %d answered", probe).isTrue();
			assertThat(this.connection.lastAnswerMillis()).isBetween(1400L, 5000L);
		}

		assertThat(this.losses).as("connection losses").hasValue(0);
		assertThat(this.connection.isConnected()).isTrue();
		assertThat(kms.findObject(live.getId())).as("the live session's pipeline").isPresent();
		live.release();
	}

	@Test
	void requestsUnderWayWhenTheConnectionBreaksFailAtOnce() {
		// A request timeout far beyond the wait: only the loss of the connection can end the request in time.
		connect(new MediaServerSettings(Duration.ofSeconds(2), Duration.ofSeconds(60), Duration.ofSeconds(30),
				Duration.ofMinutes(5), Duration.ofMinutes(1)));
		KurentoClient client = this.connection.client();
		kms.faults().delay("create", Duration.ofSeconds(8));
		CompletableFuture<MediaPipeline> created = CompletableFuture.supplyAsync(client::createMediaPipeline);
		await().until(() -> !kms.requests("create").isEmpty());

		long dropped = System.nanoTime();
		kms.dropConnections();

		assertThat(created).failsWithin(Duration.ofSeconds(5))
			.withThrowableThat()
			.withMessageContaining("Connection with server have been closed");
		assertThat(Duration.ofNanos(System.nanoTime() - dropped)).isLessThan(Duration.ofSeconds(5));
	}

	@Test
	void aBrokenConnectionIsNeverMadeAgainByKurentoClientItself() {
		// No listener retires this client: left to itself, kurento-client 7.3.0 reconnects it at once, in the
		// background and on the thread of the next request, where a handshake cut short waits for ever.
		ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
		KurentoClient client = KurentoClient
			.createFromJsonRpcClient(new SingleConnectionRpcClient(kms.uri(), null, timer, Duration.ofSeconds(4)));
		try {
			client.createMediaPipeline();

			kms.dropConnections();

			await().atMost(Duration.ofSeconds(5)).until(() -> fails(client::createMediaPipeline));
			await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
			assertThatThrownBy(client::createMediaPipeline).hasRootCauseInstanceOf(MediaServerConnectionLostException.class);
			assertThat(kms.liveObjectCount("MediaPipeline")).as("pipelines made after the drop").isOne();
		}
		finally {
			client.destroy();
			timer.shutdownNow();
		}
	}

	@Test
	void aServerThatAcceptsTheConnectionAndNeverAnswersTheHandshakeIsUnreachableInTime() throws Exception {
		// A frozen KMS: its kernel takes the TCP connection, and no WebSocket handshake ever comes back.
		try (ServerSocket frozen = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			this.connection = new MediaServerConnection(
					URI.create("ws://127.0.0.1:" + frozen.getLocalPort() + "/kurento"),
					settings(Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofMinutes(1)),
					new PipelineOwnership("test/" + UUID.randomUUID()));

			// Connect and request timeouts of 2 s each bound the handshake to 4 s; kurento-client alone waits for ever.
			assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThatThrownBy(this.connection::client)
				.isInstanceOf(MediaServerUnavailableException.class));
			assertThat(this.connection.isConnected()).isFalse();
		}
	}

	@Test
	void callersDuringAConnectThatHangsWaitAtMostTheConnectTimeoutAndProbesNotAtAll() throws Exception {
		try (ServerSocket frozen = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			// A connect timeout of 2 s and a request timeout of 10 s: the handshake may take 12 s before it fails.
			this.connection = new MediaServerConnection(
					URI.create("ws://127.0.0.1:" + frozen.getLocalPort() + "/kurento"),
					new MediaServerSettings(Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(30),
							Duration.ofMinutes(5), Duration.ofMinutes(1)),
					new PipelineOwnership("test/" + UUID.randomUUID()));
			CompletableFuture<Void> first = CompletableFuture.runAsync(() -> fails(this.connection::client));
			// The connect has begun once its TCP connection is taken; it is never answered, and closed with the test.
			try (Socket taken = await().atMost(Duration.ofSeconds(5)).until(() -> acceptOne(frozen), Objects::nonNull)) {
				// Behind the connect, either would take the rest of its 12 s.
				boolean probed = assertTimeoutPreemptively(Duration.ofSeconds(2), this.connection::isReachable,
						"a health probe during the connect waited for it");
				Throwable started = assertTimeoutPreemptively(Duration.ofSeconds(6),
						() -> catchThrowable(this.connection::client), "a start during the connect waited for it");
				assertThat(probed).as("a health probe during the connect").isFalse();
				assertThat(started).as("a start during the connect")
					.isInstanceOf(MediaServerUnavailableException.class);
				assertThat(first).as("the connect is still under way").isNotDone();
				first.get(30, TimeUnit.SECONDS);
			}
		}
	}

	// The one pending connection, or null if none came within 100 ms.
	private static Socket acceptOne(ServerSocket frozen) throws IOException {
		frozen.setSoTimeout(100);
		try {
			return frozen.accept();
		}
		catch (SocketTimeoutException ex) {
			return null;
		}
	}

	private static boolean fails(Runnable request) {
		try {
			request.run();
			return false;
		}
		catch (RuntimeException ex) {
			return true;
		}
	}

	@Test
	void pipelinesOfThisInstanceThatNoSessionClaimsAreReleasedAndNoOtherIs() {
		PipelineOwnership ownership = new PipelineOwnership("test/" + UUID.randomUUID());
		KurentoClient other = KurentoClient.create(kms.uri());
		try {
			MediaPipeline orphan = tagged(other, ownership.instance(), "gone#1");
			MediaPipeline live = tagged(other, ownership.instance(), "live#1");
			MediaPipeline anotherInstance = tagged(other, "test/another", "gone#1");
			MediaPipeline untagged = other.createMediaPipeline();
			ownership.claim("live#1");

			this.connection = new MediaServerConnection(URI.create(kms.uri()), settings(Duration.ofSeconds(30),
					Duration.ofMinutes(5), Duration.ofMillis(300)), ownership);
			this.connection.client();

			await().atMost(Duration.ofSeconds(10)).until(() -> kms.findObject(orphan.getId()).isEmpty());
			// Sweeps go on: a few more must leave the others alone.
			await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
			assertThat(List.of(live, anotherInstance, untagged))
				.allSatisfy((p) -> assertThat(kms.findObject(p.getId())).isPresent());

			ownership.release("live#1");
			await().atMost(Duration.ofSeconds(10)).until(() -> kms.findObject(live.getId()).isEmpty());
			assertThat(kms.findObject(anotherInstance.getId())).isPresent();
		}
		finally {
			other.destroy();
		}
	}

	@Test
	void aCrashedInstancesPipelineIsFreedByTheCollectorWhileTheAppRunsAndNothingOfAnotherAppIsPinned() {
		PipelineOwnership ownership = new PipelineOwnership("test/" + UUID.randomUUID());
		// A crashed instance of the app: its pipeline tagged, its connection gone without closeSession.
		KurentoClient crashed = KurentoClient.createFromJsonRpcClient(new JsonRpcClientNettyWebSocket(kms.uri()));
		String leftover = tagged(crashed, "test/crashed", "gone#1").getId();
		String crashedSession = crashed.getSessionId();
		crashed.destroy();
		KurentoClient anotherApp = KurentoClient.create(kms.uri());
		try {
			String theirs = anotherApp.createMediaPipeline().getId();
			// Sweeps only when asked: a collector pass during a sweep would rightly find its session using the
			// leftover, and the test would not know how many passes to expect.
			this.connection = new MediaServerConnection(URI.create(kms.uri()), settings(Duration.ofSeconds(30),
					Duration.ofMinutes(5), Duration.ofMinutes(5)), ownership);
			MediaPipeline ours = this.connection.client().createMediaPipeline();
			String appSession = this.connection.client().getSessionId();
			// A sweep now, the next one a request timeout (2 s) later.
			this.connection.sweepSoon();
			await("a sweep that looked at the leftover, and then only the crashed session holding it")
				.atMost(Duration.ofSeconds(10))
				.until(() -> kms.requests("getTags")
				.stream()
				.anyMatch((r) -> leftover.equals(r.objectId()) && !crashedSession.equals(r.sessionId()))
					&& kms.sessionsReferencing(leftover).equals(Set.of(crashedSession))
					&& !kms.connectedSessions().contains(crashedSession));

			kms.collectGarbage();
			kms.collectGarbage();

			assertThat(kms.findObject(leftover)).as("the crashed instance's pipeline after two collector periods")
				.isEmpty();
			assertThat(kms.sessionsReferencing(theirs)).as("sessions referencing another application's pipeline")
				.hasSize(1)
				.doesNotContain(appSession);
			assertThat(kms.findObject(ours.getId())).as("the app's own pipeline").isPresent();
			assertThat(this.connection.isReachable()).isTrue();
		}
		finally {
			anotherApp.destroy();
		}
	}

	private static MediaPipeline tagged(KurentoClient client, String instance, String owner) {
		MediaPipeline pipeline = client.createMediaPipeline();
		pipeline.addTag(PipelineOwnership.INSTANCE_TAG, instance);
		pipeline.addTag(PipelineOwnership.OWNER_TAG, owner);
		return pipeline;
	}

	private void connect(Duration heartbeat, Duration idle, Duration sweep) {
		connect(settings(heartbeat, idle, sweep));
	}

	private void connect(MediaServerSettings settings) {
		this.connection = new MediaServerConnection(URI.create(kms.uri()), settings,
				new PipelineOwnership("test/" + UUID.randomUUID()));
		this.connection.addListener((server) -> this.losses.incrementAndGet());
	}

	private static MediaServerSettings settings(Duration heartbeat, Duration idle, Duration sweep) {
		return new MediaServerSettings(Duration.ofSeconds(2), Duration.ofSeconds(2), heartbeat, idle, sweep);
	}
}
