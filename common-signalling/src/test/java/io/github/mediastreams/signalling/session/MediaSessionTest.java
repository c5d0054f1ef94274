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
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kurento.client.KurentoClient;
import org.kurento.client.AbstractBuilder;
import org.kurento.client.Filter;
import org.kurento.client.GenericMediaElement;
import org.kurento.client.MediaPipeline;
import org.kurento.client.WebRtcEndpoint;

import io.github.mediastreams.signalling.mediaserver.MediaServerConnection;
import io.github.mediastreams.signalling.mediaserver.MediaServerSettings;
import io.github.mediastreams.signalling.mediaserver.MediaServers;
import io.github.mediastreams.signalling.mediaserver.PipelineOwnership;
import io.github.mediastreams.signalling.mediaserver.SessionLimits;
import io.github.mediastreams.signalling.protocol.ClientMessage;
import io.github.mediastreams.signalling.protocol.IceCandidate;
import io.github.mediastreams.signalling.protocol.ServerMessage;
import io.github.mediastreams.signalling.protocol.ServerMessage.AppEvent;
import io.github.mediastreams.testkit.KmsDouble;
import io.github.mediastreams.testkit.KmsDoubleExtension;
import io.github.mediastreams.testkit.MediaBehaviour;
import io.github.mediastreams.testkit.ReceivedIceCandidate;
import io.github.mediastreams.testkit.signalling.SignallingClient;

/**
 * The session state machine, without Spring: the real kurento-client against the KMS double, a recording browser
 * and a mocked observer.
 */
class MediaSessionTest {

	@RegisterExtension
	static final KmsDoubleExtension kmsDouble = new KmsDoubleExtension();

	KmsDouble kms;

	static final String OFFER = SignallingClient.chromiumOffer();

	static final Duration MEDIA_TIMEOUT = Duration.ofSeconds(10);

	final ExecutorService pool = Executors.newFixedThreadPool(4);

	final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

	final SessionObserver observer = mock(SessionObserver.class);

	final MutableClock clock = new MutableClock();

	final AtomicReference<SessionPipeline> app = new AtomicReference<>(MediaSessionTest::loopback);

	MediaServers servers;

	MediaServerConnection server;

	MediaSessions sessions;

	@BeforeEach
	void openSessions() {
		this.kms = kmsDouble.get();
		kms.reset(true);
		this.servers = new MediaServers(List.of(URI.create(kms.uri())), new MediaServerSettings(Duration.ofSeconds(2),
				Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofMinutes(1)),
				new PipelineOwnership("media-session-test/" + UUID.randomUUID()), Duration.ofMinutes(1),
				new SessionLimits(1000, 1000, 16));
		this.server = this.servers.connections().get(0);
		this.sessions = new MediaSessions((context) -> this.app.get().build(context), this.servers,
				new SessionSettings(3, 50, Duration.ofMillis(500), MEDIA_TIMEOUT, 16_384, 5), this.observer, this.pool, this.scheduler,
				this.clock);
	}

	@AfterEach
	void closeEverything() {
		this.servers.close();
		this.pool.shutdownNow();
		this.scheduler.shutdownNow();
	}

	@Test
	void startAnswersThenTricklesCandidatesAndCountsTheSession() {
		RecordingBrowser browser = new RecordingBrowser();
		MediaSession session = this.sessions.open("s1", browser);

		session.receive(new ClientMessage.Start(OFFER));

		assertThat(browser.await(ServerMessage.StartResponse.class).sdpAnswer()).contains("a=mid:0", "a=mid:1");
		IceCandidate candidate = browser.await(ServerMessage.IceCandidateFound.class).candidate();
		assertThat(candidate.candidate()).startsWith("candidate:");
		verify(this.observer).started(any(Duration.class));
		assertThat(kms.liveObjectCount("MediaPipeline")).isEqualTo(1);
		assertThat(kms.liveObjectCount("WebRtcEndpoint")).isEqualTo(1);
	}

	@Test
	void candidatesBeforeStartAreAppliedInOrderWithTheOffer() {
		RecordingBrowser browser = new RecordingBrowser();
		MediaSession session = this.sessions.open("s1", browser);
		session.receive(candidate(1));
		session.receive(candidate(2));
		session.receive(candidate(3));

		session.receive(new ClientMessage.Start(OFFER));
		browser.await(ServerMessage.StartResponse.class);

		String endpoint = kms.liveObjectIds("WebRtcEndpoint").get(0);
		assertThat(kms.object(endpoint).iceCandidates()).extracting(ReceivedIceCandidate::candidate)
			.containsExactly(line(1), line(2), line(3));
		// Applied inside the start transaction: no round trip of their own.
		assertThat(kms.requests("addIceCandidate")).allMatch((r) -> r.inTransaction());
	}

	@Test
	void tooManyEarlyCandidatesGetAnErrorAndTheSessionStillStarts() {
		RecordingBrowser browser = new RecordingBrowser();
		MediaSession session = this.sessions.open("s1", browser);
		for (int i = 1; i <= 4; i++) {
			session.receive(candidate(i));
		}

		assertThat(browser.await(ServerMessage.Error.class).message())
			.isEqualTo("Too many ICE candidates before the session started (at most 3)");
		session.receive(new ClientMessage.Start(OFFER));
		browser.await(ServerMessage.StartResponse.class);
		assertThat(kms.object(kms.liveObjectIds("WebRtcEndpoint").get(0)).iceCandidates()).hasSize(3);
	}

	@Test
	void candidatesAfterTheAnswerArePassedOnUpToTheirBoundAndTheSessionGoesOn() {
		RecordingBrowser browser = new RecordingBrowser();
		MediaSession session = this.sessions.open("s1", browser);
		session.receive(new ClientMessage.Start(OFFER));
		browser.await(ServerMessage.StartResponse.class);
		String endpoint = kms.liveObjectIds("WebRtcEndpoint").get(0);

		for (int i = 1; i <= 9; i++) {
			session.receive(candidate(i));
		}

		assertThat(browser.await(ServerMessage.Error.class).message())
			.isEqualTo("Too many ICE candidates for one session (at most 5); the rest are ignored");
		await().until(() -> kms.object(endpoint).iceCandidates().size() == 5);
		assertThat(kms.requests("addIceCandidate")).as("the candidates over the bound never reach the media server")
			.hasSize(5);
		assertThat(browser.all(ServerMessage.Error.class)).as("the browser is told once").hasSize(1);
		assertThat(kms.liveObjectIds("WebRtcEndpoint")).containsExactly(endpoint);
	}

	@Test
	void stopReleasesEverythingAndTheSessionCanStartAgain() {
		RecordingBrowser browser = new RecordingBrowser();
		MediaSession session = this.sessions.open("s1", browser);
		session.receive(new ClientMessage.Start(OFFER));
		browser.await(ServerMessage.StartResponse.class);

		session.receive(new ClientMessage.Stop());

		await().until(() -> kms.liveObjectCount() == 0);
		verify(this.observer, timeout(5000)).ended();
		this.clock.advance(Duration.ofSeconds(1));
		session.receive(new ClientMessage.Start(OFFER));
		browser.await(ServerMessage.StartResponse.class);
		assertThat(kms.liveObjectCount("MediaPipeline")).isEqualTo(1);
	}

	@Test
	void stopWithoutStartSaysThereIsNothingToStop() {
		RecordingBrowser browser = new RecordingBrowser();
		this.sessions.open("s1", browser).receive(new ClientMessage.Stop());

		assertThat(browser.await(ServerMessage.Error.class).message()).isEqualTo("There is no session to stop");
	}

	@Test
	void aSecondStartReleasesTheFirst() {
		RecordingBrowser browser = new RecordingBrowser();
		MediaSession session = this.sessions.open("s1", browser);
		session.receive(new ClientMessage.Start(OFFER));
		browser.await(ServerMessage.StartResponse.class);
		String first = kms.liveObjectIds("MediaPipeline").get(0);

		this.clock.advance(Duration.ofSeconds(1));
		session.receive(new ClientMessage.Start(OFFER));
		browser.await(ServerMessage.StartResponse.class);

		await().until(() -> kms.liveObjectCount() == 2);
		assertThat(kms.liveObjectIds("MediaPipeline")).doesNotContain(first);
	}

	@Test
	void startsTooCloseTogetherAreRefusedWithoutTouchingTheLiveSession() {
		RecordingBrowser browser = new RecordingBrowser();
		MediaSession session = this.sessions.open("s1", browser);
		session.receive(new ClientMessage.Start(OFFER));
		browser.await(ServerMessage.StartResponse.class);
		String pipeline = kms.liveObjectIds("MediaPipeline").get(0);

		this.clock.advance(Duration.ofMillis(100));
		session.receive(new ClientMessage.Start(OFFER));

		assertThat(browser.await(ServerMessage.Error.class).message())
			.isEqualTo("Too many starts; wait a moment before starting again");
		assertThat(kms.liveObjectIds("MediaPipeline")).containsExactly(pipeline);
	}

	@Test
	void anOfferTheMediaServerCannotReadGetsAnErrorAndLeavesNothing() {
		RecordingBrowser browser = new RecordingBrowser();
		this.sessions.open("s1", browser).receive(new ClientMessage.Start("this is not sdp"));

		ServerMessage.Error error = browser.await(ServerMessage.Error.class);
		assertThat(error.message()).isEqualTo("The media server could not read the SDP offer");
		assertThat(error.retry()).as("bad input is not worth a retry").isFalse();
		await().until(() -> kms.liveObjectCount() == 0);
		verify(this.observer).mediaServerError("rejected");
		verify(this.observer, never()).started(any());
	}

	@Test
	void aHundredUnreadableOffersReleaseWhatTheyBuiltByTheirOwnIdsWithoutScanningTheMediaServer() {
		KurentoClient another = KurentoClient.create(kms.uri());
		try {
			for (int i = 0; i < 30; i++) {
				another.createMediaPipeline();
			}
			List<RecordingBrowser> browsers = new ArrayList<>();
			for (int i = 0; i < 100; i++) {
				RecordingBrowser browser = new RecordingBrowser();
				browsers.add(browser);
				this.sessions.open("bad" + i, browser).receive(new ClientMessage.Start("this is not sdp"));
			}
			RecordingBrowser good = new RecordingBrowser();
			this.sessions.open("good", good).receive(new ClientMessage.Start(OFFER));

			browsers.forEach((browser) -> assertThat(browser.await(ServerMessage.Error.class).message())
				.isEqualTo("The media server could not read the SDP offer"));
			assertThat(good.await(ServerMessage.StartResponse.class).sdpAnswer()).startsWith("v=0");
			// What is left: the other application's 30 pipelines and the good session's pipeline and endpoint.
			await().until(() -> kms.liveObjectCount() == 32);
			assertThat(kms.requests("getPipelines")).as("scans of the media server").isEmpty();
			assertThat(kms.requests("getTags")).as("tags read").isEmpty();
		}
		finally {
			another.destroy();
		}
	}

	@Test
	void aPipelineThatFailsHalfWayIsReleasedAndTheBrowserIsToldInWords() {
		this.app.set((context) -> {
			new WebRtcEndpoint.Builder(context.pipeline()).build(context.transaction());
			new GenericMediaElement.Builder(context.pipeline(), "NoSuchFilter").build(context.transaction());
			return new WebRtcEndpoint.Builder(context.pipeline()).build(context.transaction());
		});
		RecordingBrowser browser = new RecordingBrowser();
		this.sessions.open("s1", browser).receive(new ClientMessage.Start(OFFER));

		String message = browser.await(ServerMessage.Error.class).message();
		assertThat(message).isEqualTo("The media server lacks a module this application needs");
		assertThat(message).doesNotContain("_kurento", "Exception", "NoSuchFilter");
		await().until(() -> kms.liveObjectCount() == 0);
	}

	@Test
	void anApplicationBugStillReleasesThePipeline() {
		this.app.set((context) -> {
			throw new IllegalStateException("bug in the app");
		});
		RecordingBrowser browser = new RecordingBrowser();
		this.sessions.open("s1", browser).receive(new ClientMessage.Start(OFFER));

		assertThat(browser.await(ServerMessage.Error.class).message())
			.isEqualTo("The media server could not set up the session");
		await().until(() -> kms.liveObjectCount() == 0);
	}

	@Test
	void closingWhileTheStartIsOnItsWayReleasesWhatItBuilds() {
		kms.faults().delay("transaction", Duration.ofMillis(500));
		RecordingBrowser browser = new RecordingBrowser();
		MediaSession session = this.sessions.open("s1", browser);
		session.receive(new ClientMessage.Start(OFFER));
		await().until(() -> !kms.requests("transaction").isEmpty());

		session.close();

		// The start finishes first (its transaction is on the media server already), then the close releases it.
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			assertThat(this.sessions.size()).isZero();
			assertThat(this.server.ownership().claims()).isZero();
			assertThat(kms.liveObjectCount()).isZero();
		});
	}

	@Test
	void aMediaServerSlowerThanTheTimeoutGetsAnErrorAndLeaksNothing() throws Exception {
		running();
		kms.faults().delay("transaction", Duration.ofSeconds(3));
		RecordingBrowser browser = new RecordingBrowser();
		this.sessions.open("s1", browser).receive(new ClientMessage.Start(OFFER));

		ServerMessage.Error error = browser.await(ServerMessage.Error.class);
		assertThat(error.message()).isEqualTo("The media server did not answer in time; try again");
		assertThat(error.retry()).as("a slow media server is a passing cause").isTrue();
		verify(this.observer).mediaServerError("timeout");
		// The transaction lands later, and a sweep after the timeout finds its pipeline.
		awaitReleasedAfterItLanded();
	}

	@Test
	void losingTheMediaServerEndsLiveSessionsAndReleasesTheirPipelinesWhenItIsBack() {
		RecordingBrowser browser = new RecordingBrowser();
		MediaSession session = this.sessions.open("s1", browser);
		session.receive(new ClientMessage.Start(OFFER));
		browser.await(ServerMessage.StartResponse.class);

		kms.dropConnections();

		assertThat(browser.await(ServerMessage.Error.class).message())
			.isEqualTo("The connection to the media server was lost; start again");
		verify(this.observer, timeout(5000)).ended();
		// The same server kept the objects; the app releases them once it has reconnected.
		await().atMost(Duration.ofSeconds(20)).until(() -> kms.liveObjectCount() == 0);
		this.clock.advance(Duration.ofSeconds(1));
		session.receive(new ClientMessage.Start(OFFER));
		browser.await(ServerMessage.StartResponse.class);
	}

	@Test
	void appEventsReachTheBrowserOnlyWhileTheSessionIsLive() {
		this.app.set((context) -> {
			// Like a real app, this one keeps no reference to its filter or to the context.
			PlateDetectorFilter filter = new PlateDetectorFilter.Builder(context.pipeline()).build(context.transaction());
			context.on(filter, "PlateDetected",
					(event) -> context.send(AppEvent.of("plateDetected", "plate", event.text("plate"))));
			return loopback(context);
		});
		RecordingBrowser browser = new RecordingBrowser();
		MediaSession session = this.sessions.open("s1", browser);
		session.receive(new ClientMessage.Start(OFFER));
		browser.await(ServerMessage.StartResponse.class);
		String filter = kms.liveObjectIds("PlateDetectorFilter").get(0);
		// kurento-client holds its objects weakly and drops the events of those it forgot: the session must hold them.
		System.gc();
		System.gc();

		await().until(() -> kms.firePlateDetected(filter, "--2748DKR") > 0);
		assertThat(browser.await(AppEvent.class)).isEqualTo(AppEvent.of("plateDetected", "plate", "--2748DKR"));

		this.clock.advance(Duration.ofSeconds(1));
		session.receive(new ClientMessage.Start(OFFER));
		browser.await(ServerMessage.StartResponse.class);
		// The old filter is released with its pipeline: an event for it now has no subscriber left.
		await().until(() -> kms.findObject(filter).isEmpty());
		assertThat(browser.all(AppEvent.class)).hasSize(1);
	}

	@Test
	void tooManyPendingMessagesAreRefusedWithAnError() {
		kms.faults().delay("transaction", Duration.ofMillis(800));
		RecordingBrowser browser = new RecordingBrowser();
		MediaSession session = this.sessions.open("s1", browser);
		session.receive(new ClientMessage.Start(OFFER));
		await().until(() -> !kms.requests("transaction").isEmpty());

		for (int i = 0; i < 60; i++) {
			session.receive(candidate(i));
		}

		assertThat(browser.await(ServerMessage.Error.class).message()).isEqualTo("Too many messages at once; slow down");
		browser.await(ServerMessage.StartResponse.class);
	}

	@Test
	void largeMessagesAreBoundedByTheirSizeNotOnlyTheirCount() {
		kms.faults().delay("transaction", Duration.ofMillis(800));
		RecordingBrowser browser = new RecordingBrowser();
		MediaSession session = this.sessions.open("s1", browser);
		session.receive(new ClientMessage.Start(OFFER));
		await().until(() -> !kms.requests("transaction").isEmpty());

		// Two offers of 5.4 KB wait within the 16 KB; a third would not, though the count bound is 50.
		for (int i = 0; i < 3; i++) {
			session.receive(new ClientMessage.Start(OFFER));
		}

		assertThat(browser.await(ServerMessage.Error.class).message()).isEqualTo("Too many messages at once; slow down");
		browser.await(ServerMessage.StartResponse.class);
		// The two that waited are handled (the test's clock stands still, so each is a start too soon after it).
		assertThat(browser.await(ServerMessage.Error.class).message()).startsWith("Too many starts");
		assertThat(browser.await(ServerMessage.Error.class).message()).startsWith("Too many starts");
		// Once handled, their room is free again: as many messages fit as before.
		session.receive(new ClientMessage.Start(OFFER));
		session.receive(new ClientMessage.Start(OFFER));
		assertThat(browser.await(ServerMessage.Error.class).message()).startsWith("Too many starts");
		assertThat(browser.await(ServerMessage.Error.class).message()).startsWith("Too many starts");
		assertThat(browser.all(ServerMessage.Error.class)).filteredOn((e) -> e.message().startsWith("Too many messages"))
			.hasSize(1);
	}

	@Test
	void aStartIsOneTransactionWithThePipelineItsTagsTheElementsAndTheOffer() {
		RecordingBrowser browser = new RecordingBrowser();
		this.sessions.open("s1", browser).receive(new ClientMessage.Start(OFFER));
		browser.await(ServerMessage.StartResponse.class);

		// Nothing is created outside the transaction: the answer comes after one round trip.
		assertThat(kms.requests("create")).isNotEmpty().allMatch((r) -> r.inTransaction());
		assertThat(kms.requests("processOffer")).singleElement().matches((r) -> r.inTransaction());
		String pipeline = kms.liveObjectIds("MediaPipeline").get(0);
		assertThat(kms.object(pipeline).tags()).containsEntry(PipelineOwnership.INSTANCE_TAG,
				this.server.ownership().instance()).containsEntry(PipelineOwnership.OWNER_TAG, "s1#1");
		assertThat(this.server.ownership().claims()).isOne();
	}

	@Test
	void aStartAnsweredCloseToTheRequestTimeoutKeepsItsSession() throws Exception {
		running();
		// Each request takes more than half the request timeout (2 s): two in a row before the answer would not fit.
		kms.faults().delayAll(Duration.ofMillis(1100));
		RecordingBrowser browser = new RecordingBrowser();
		this.sessions.open("s1", browser).receive(new ClientMessage.Start(OFFER));

		browser.await(ServerMessage.StartResponse.class);
		TimeUnit.MILLISECONDS.sleep(2500);

		assertThat(browser.all(ServerMessage.Error.class)).isEmpty();
		assertThat(kms.liveObjectCount("MediaPipeline")).isEqualTo(1);
		verify(this.observer, never()).mediaServerError(any());
	}

	@Test
	void anErrorThrownByTheApplicationEndsTheStartAndTheNextStartWorks() {
		this.app.set((context) -> {
			throw new NoClassDefFoundError("com/example/MissingFilter");
		});
		RecordingBrowser browser = new RecordingBrowser();
		MediaSession session = this.sessions.open("s1", browser);
		session.receive(new ClientMessage.Start(OFFER));

		assertThat(browser.await(ServerMessage.Error.class).message())
			.isEqualTo("The media server could not set up the session");
		await().until(() -> kms.liveObjectCount() == 0);

		this.app.set(MediaSessionTest::loopback);
		this.clock.advance(Duration.ofSeconds(1));
		session.receive(new ClientMessage.Start(OFFER));
		browser.await(ServerMessage.StartResponse.class);
		session.receive(new ClientMessage.Stop());
		await().until(() -> kms.liveObjectCount() == 0);
	}

	@Test
	void mediaThatFlowsIsReportedConnectingThenConnected() {
		RecordingBrowser browser = new RecordingBrowser();
		this.sessions.open("s1", browser).receive(new ClientMessage.Start(OFFER));

		assertThat(browser.await(ServerMessage.MediaState.class)).isEqualTo(ServerMessage.MediaState.CONNECTING);
		assertThat(browser.await(ServerMessage.MediaState.class)).isEqualTo(ServerMessage.MediaState.CONNECTED);
		assertThat(browser.all(ServerMessage.Error.class)).isEmpty();
	}

	@Test
	void iceThatFailsEndsTheSessionWithWhatToCheck() {
		kms.media().mode(MediaBehaviour.Mode.ICE_FAILS).failAfter(Duration.ofMillis(200));
		RecordingBrowser browser = new RecordingBrowser();
		this.sessions.open("s1", browser).receive(new ClientMessage.Start(OFFER));
		browser.await(ServerMessage.StartResponse.class);

		assertThat(browser.await(ServerMessage.Error.class).message()).startsWith("The media connection failed")
			.contains("UDP ports", "KMS_EXTERNAL_IPV4", "TURN");
		assertThat(browser.all(ServerMessage.MediaState.class)).containsExactly(ServerMessage.MediaState.CONNECTING,
				ServerMessage.MediaState.FAILED);
		await().until(() -> kms.liveObjectCount() == 0);
		verify(this.observer).mediaFailed("ice-failed");
	}

	@Test
	void mediaThatNeverComesEndsTheSessionAfterTheMediaTimeout() {
		kms.media().mode(MediaBehaviour.Mode.MANUAL);
		MediaSessions quick = new MediaSessions(MediaSessionTest::loopback, this.servers,
				new SessionSettings(3, 50, Duration.ZERO, Duration.ofMillis(700), 16_384, 5), this.observer, this.pool,
				this.scheduler, this.clock);
		RecordingBrowser browser = new RecordingBrowser();
		quick.open("s1", browser).receive(new ClientMessage.Start(OFFER));
		browser.await(ServerMessage.StartResponse.class);

		assertThat(browser.await(ServerMessage.Error.class).message())
			.startsWith("No media from your browser reached the media server within 700 ms")
			.contains("UDP ports", "KMS_EXTERNAL_IPV4", "TURN");
		await().until(() -> kms.liveObjectCount() == 0);
		verify(this.observer).mediaFailed("no-media");
	}

	@Test
	void aStartInFlightWhenTheConnectionDropsLeavesNothingOnceTheClientIsBack() {
		kms.faults().delay("transaction", Duration.ofSeconds(1));
		RecordingBrowser browser = new RecordingBrowser();
		this.sessions.open("s1", browser).receive(new ClientMessage.Start(OFFER));
		await().until(() -> !kms.requests("transaction").isEmpty());

		kms.dropConnections();

		assertThat(browser.await(ServerMessage.Error.class).message())
			.isEqualTo("The connection to the media server was lost; start again");
		// The double builds the pipeline after the drop, as a KMS that got the request but could not answer it.
		awaitReleasedAfterItLanded();
		assertThat(this.server.ownership().claims()).isZero();
	}

	@Test
	void shuttingDownEndsEachSessionInWordsAndTakesNoNewStart() {
		RecordingBrowser browser = new RecordingBrowser();
		this.sessions.open("s1", browser).receive(new ClientMessage.Start(OFFER));
		browser.await(ServerMessage.StartResponse.class);

		this.sessions.shutdown().join();

		assertThat(kms.liveObjectCount()).isZero();
		assertThat(browser.await(ServerMessage.Error.class).message())
			.isEqualTo("The server is shutting down; start again in a moment");
		assertThat(browser.isClosed()).isTrue();
		RecordingBrowser late = new RecordingBrowser();
		this.sessions.open("s2", late).receive(new ClientMessage.Start(OFFER));
		assertThat(late.await(ServerMessage.Error.class).message())
			.isEqualTo("The server is shutting down; start again in a moment");
		assertThat(kms.liveObjectCount()).isZero();
	}

	/**
	 * A module element declared the way an application declares one that has no Java client: kurento-client names
	 * the remote type after the interface, which a transaction needs ({@code GenericMediaElement} works outside
	 * transactions only).
	 */
	interface PlateDetectorFilter extends Filter {

		class Builder extends AbstractBuilder<PlateDetectorFilter> {

			Builder(MediaPipeline pipeline) {
				super(PlateDetectorFilter.class, pipeline);
				this.props.add("mediaPipeline", pipeline);
			}
		}
	}

	/** Waits until a pipeline built after its start gave up is released, and nothing is left. */
	void awaitReleasedAfterItLanded() {
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			assertThat(kms.requests("release")).as("releases").isNotEmpty();
			assertThat(kms.liveObjects()).as("live objects").isEmpty();
		});
	}

	/**
	 * Makes the app a running one: connected, its first heartbeat answered. A start made at once on a new connection
	 * can go to the media server before that heartbeat, which then waits behind it in the server's order.
	 */
	void running() throws InterruptedException {
		this.server.client();
		await().until(() -> !kms.requests("ping").isEmpty());
		TimeUnit.MILLISECONDS.sleep(200);
	}

	static WebRtcEndpoint loopback(PipelineContext context) {
		WebRtcEndpoint endpoint = new WebRtcEndpoint.Builder(context.pipeline()).build(context.transaction());
		endpoint.connect(context.transaction(), endpoint);
		return endpoint;
	}

	static ClientMessage candidate(int n) {
		return new ClientMessage.OnIceCandidate(new IceCandidate(line(n), "0", 0));
	}

	static String line(int n) {
		return "candidate:" + n + " 1 udp 2122260223 192.168.1." + n + " 5000" + n + " typ host";
	}

	static final class MutableClock extends Clock {

		private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}
	}
}
