package io.github.mediastreams.signalling.session;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.kurento.client.Continuation;
import org.kurento.client.KurentoClient;
import org.kurento.client.MediaObject;
import org.kurento.client.MediaPipeline;
import org.kurento.client.TFuture;
import org.kurento.client.Transaction;
import org.kurento.client.WebRtcEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.mediastreams.kurento.transactions.Transactions;
import io.github.mediastreams.signalling.mediaserver.MediaServerConnection;
import io.github.mediastreams.signalling.mediaserver.MediaServerUnavailableException;
import io.github.mediastreams.signalling.mediaserver.MediaServers;
import io.github.mediastreams.signalling.mediaserver.PipelineOwnership;
import io.github.mediastreams.signalling.protocol.ClientMessage;
import io.github.mediastreams.signalling.protocol.IceCandidate;
import io.github.mediastreams.signalling.protocol.ServerMessage;
import io.github.mediastreams.signalling.protocol.ServerMessage.AppEvent;

/**
 * The media session of one browser connection: builds the application's pipeline on {@code start}, trickles ICE
 * candidates both ways, follows the media connection, and releases every media object on {@code stop}, on a
 * second {@code start}, on close, on error, when the media never connects, when the media server connection is
 * lost and when the server shuts down.
 *
 * <p>
 * Browser messages are handed over with {@link #receive} from any thread and run one at a time, in order, on the
 * session's own serial executor, never on the WebSocket container's thread. A start is one round trip to the
 * media server before the answer: one transaction with the pipeline (tagged as this instance's, see
 * {@link io.github.mediastreams.signalling.mediaserver.PipelineOwnership}), the application's elements, the SDP
 * offer and the candidates that came early. The event subscriptions then go out together with the candidate
 * gathering, without waiting: KMS handles the requests of one connection in order, so they are in place before
 * the first candidate is found. A start is bounded by the request timeout of that one transaction.
 */
public final class MediaSession {

	private static final Logger log = LoggerFactory.getLogger(MediaSession.class);

	private final String id;

	private final BrowserChannel browser;

	private final MediaSessions sessions;

	private final SerialExecutor tasks;

	private final CandidateQueue earlyCandidates;

	// The characters of the browser messages handed over and not yet handled: bounds the memory one browser holds.
	private final AtomicLong pendingSize = new AtomicLong();

	// The fields below are touched by the session's own tasks only.
	private Start live;

	private long starts;

	private Instant lastStart;

	private boolean closed;

	private CompletableFuture<Void> lastRelease = CompletableFuture.completedFuture(null);

	// The live start, for media server callbacks on their own threads: they drop what is stale.
	private volatile Start current;

	MediaSession(String id, BrowserChannel browser, MediaSessions sessions) {
		this.id = id;
		this.browser = browser;
		this.sessions = sessions;
		this.tasks = new SerialExecutor(sessions.pool(), sessions.settings().maxPendingMessages());
		this.earlyCandidates = new CandidateQueue(sessions.settings().maxQueuedCandidates());
	}

	/** @return the session's id, as used in logs */
	public String id() {
		return this.id;
	}

	/**
	 * Hands over a message from the browser; it runs after the ones handed over before.
	 * @param message the message
	 */
	public void receive(ClientMessage message) {
		long size = size(message);
		long limit = this.sessions.settings().maxPendingSize();
		boolean taken = this.pendingSize.addAndGet(size) <= limit && this.tasks.offer(() -> {
			this.pendingSize.addAndGet(-size);
			handle(message);
		});
		if (!taken) {
			this.pendingSize.addAndGet(-size);
			log.warn("Session {}: too many pending messages, dropped a '{}'", this.id, name(message));
			this.browser.send(new ServerMessage.Error("Too many messages at once; slow down"));
		}
	}

	/** The browser connection closed, by either side or by a transport error: releases everything. */
	public void close() {
		this.tasks.force(() -> {
			if (!this.closed) {
				this.closed = true;
				end("closed");
				this.sessions.closed(this);
			}
		});
	}

	void connectionLost(MediaServerConnection server) {
		this.tasks.force(() -> {
			Start lost = this.live;
			if (lost != null && lost.server == server) {
				log.warn("Session {}: lost the media server {}; its media is gone", this.id, server.url());
				end("ended: media server connection lost");
				this.browser.send(lost.restartOnLoss
						? new ServerMessage.MediaServerLost(FailureReasons.CONNECTION_LOST.message())
						: new ServerMessage.Error(FailureReasons.CONNECTION_LOST.message(), true));
			}
		});
	}

	/**
	 * The server is going away: ends the session, tells the browser so in words, and closes the connection.
	 * @return completed once the media server has answered the release, or it failed
	 */
	CompletableFuture<Void> goAway() {
		CompletableFuture<Void> done = new CompletableFuture<>();
		this.tasks.force(() -> {
			if (this.live != null) {
				end("ended: the server is shutting down");
			}
			this.browser.send(new ServerMessage.Error(FailureReasons.SHUTTING_DOWN.message(), true));
			this.browser.close();
			this.lastRelease.whenComplete((result, failure) -> done.complete(null));
		});
		return done;
	}

	private void handle(ClientMessage message) {
		if (this.closed) {
			return;
		}
		if (message instanceof ClientMessage.Start start) {
			start(start);
		}
		else if (message instanceof ClientMessage.OnIceCandidate candidate) {
			candidate(candidate.candidate());
		}
		else {
			stop();
		}
	}

	private void start(ClientMessage.Start request) {
		Instant now = this.sessions.clock().instant();
		Duration minInterval = this.sessions.settings().minStartInterval();
		if (this.lastStart != null && Duration.between(this.lastStart, now).compareTo(minInterval) < 0) {
			log.warn("Session {}: start refused, less than {} ms after the last one", this.id, minInterval.toMillis());
			this.browser.send(new ServerMessage.Error("Too many starts; wait a moment before starting again"));
			return;
		}
		this.lastStart = now;
		if (this.live != null) {
			end("replaced by a new start");
		}
		if (this.sessions.isShuttingDown()) {
			this.browser.send(new ServerMessage.Error(FailureReasons.SHUTTING_DOWN.message(), true));
			return;
		}
		long startedAt = System.nanoTime();
		MediaServers.Placement placement = null;
		KurentoClient client;
		try {
			placement = this.sessions.servers().place();
			client = placement.server().client();
		}
		catch (MediaServerUnavailableException ex) {
			if (placement != null) {
				placement.release();
			}
			log.warn("Session {}: start failed: {}", this.id, ex.getMessage());
			this.sessions.observer().mediaServerError(ex.reason());
			this.browser.send(new ServerMessage.Error(ex.getMessage(), true));
			return;
		}
		Start start = new Start(this.id + "#" + (++this.starts), placement, client, request.restartOnMediaServerLoss());
		ownership().claim(start.owner);
		this.live = start;
		this.current = start;
		WebRtcEndpoint endpoint;
		TFuture<String> answer;
		Context context;
		try {
			Transaction tx = Transactions.begin(client);
			MediaPipeline pipeline = client.createMediaPipeline(tx);
			ownership().tag(pipeline, tx, start.owner);
			context = new Context(start, pipeline, tx);
			endpoint = this.sessions.pipeline().build(context);
			if (endpoint == null) {
				throw new IllegalStateException("The application's SessionPipeline returned no WebRtcEndpoint");
			}
			answer = endpoint.processOffer(tx, request.sdpOffer());
			for (IceCandidate candidate : this.earlyCandidates.drain()) {
				endpoint.addIceCandidate(tx, toKurento(candidate));
			}
			start.sent = true;
			tx.commit();
			start.committed(pipeline, endpoint, context.subscribed());
			this.browser.send(new ServerMessage.StartResponse(answer.get()));
		}
		// The application's code runs here: whatever it throws, Errors included, ends this start cleanly.
		catch (Throwable ex) {
			startFailed(start, ex);
			return;
		}
		finally {
			placement.started();
		}
		Duration setup = Duration.ofNanos(System.nanoTime() - startedAt);
		this.sessions.observer().started(setup);
		log.info("Session {}: started in {} ms on {}", this.id, setup.toMillis(), start.server.url());
		this.browser.send(ServerMessage.MediaState.CONNECTING);
		Consumer<Throwable> failed = (cause) -> this.tasks.force(() -> mediaServerFailed(start, cause));
		KurentoEvents.subscribe(endpoint, "IceCandidateFound", (event) -> iceCandidateFound(start, event), failed);
		KurentoEvents.subscribe(endpoint, "IceComponentStateChanged", (event) -> iceStateChanged(start, event), failed);
		KurentoEvents.subscribe(endpoint, "NewCandidatePairSelected", (event) -> pairSelected(start, event), failed);
		KurentoEvents.subscribe(endpoint, "MediaFlowInStateChanged", (event) -> mediaFlowIn(start, event), failed);
		context.subscribeAll(failed);
		endpoint.gatherCandidates(new Continuation<>() {
			@Override
			public void onSuccess(Void result) {
			}

			@Override
			public void onError(Throwable cause) {
				MediaSession.this.tasks.force(() -> mediaServerFailed(start, cause));
			}
		});
		Duration mediaTimeout = this.sessions.settings().mediaTimeout();
		start.mediaDeadline = this.sessions.scheduler()
			.schedule(() -> this.tasks.force(() -> noMedia(start, mediaTimeout)), mediaTimeout.toMillis(),
					TimeUnit.MILLISECONDS);
	}

	private void candidate(IceCandidate candidate) {
		if (this.live != null && this.live.endpoint != null) {
			int limit = this.sessions.settings().maxCandidatesPerStart();
			if (++this.live.candidates > limit) {
				if (this.live.candidates == limit + 1) {
					log.warn("Session {}: more than {} ICE candidates after the answer; dropping the rest", this.id,
							limit);
					this.browser.send(new ServerMessage.Error(
							"Too many ICE candidates for one session (at most " + limit + "); the rest are ignored"));
				}
				return;
			}
			this.live.endpoint.addIceCandidate(toKurento(candidate), new Continuation<>() {
				@Override
				public void onSuccess(Void result) {
				}

				@Override
				public void onError(Throwable cause) {
					log.debug("Session {}: the media server refused a candidate: {}", MediaSession.this.id,
							cause.getMessage());
				}
			});
		}
		else if (!this.earlyCandidates.offer(candidate)) {
			log.warn("Session {}: more than {} ICE candidates before start; dropped one", this.id,
					this.earlyCandidates.capacity());
			this.browser.send(new ServerMessage.Error("Too many ICE candidates before the session started (at most "
					+ this.earlyCandidates.capacity() + ")"));
		}
	}

	private void stop() {
		if (this.live == null) {
			this.earlyCandidates.clear();
			this.browser.send(new ServerMessage.Error("There is no session to stop"));
			return;
		}
		end("stopped");
	}

	private void startFailed(Start start, Throwable cause) {
		if (this.live != start) {
			return;
		}
		FailureReasons.Failure failure = failure(start, cause);
		if ("failed".equals(failure.reason())) {
			log.error("Session {}: start failed", this.id, cause);
		}
		else {
			log.warn("Session {}: start failed: {}", this.id, cause.getMessage());
		}
		this.sessions.observer().mediaServerError(failure.reason());
		if (start.sent && start.pipeline == null && FailureReasons.answeredByMediaServer(cause)) {
			// The media server stopped the transaction at a failing operation; what the operations before it made
			// is released by the ids in that answer (SingleConnectionRpcClient): nothing left to look for.
			start.sent = false;
		}
		end("start failed");
		this.browser.send(new ServerMessage.Error(failure.message(), failure.retry()));
	}

	private void mediaServerFailed(Start start, Throwable cause) {
		if (this.live != start) {
			return;
		}
		FailureReasons.Failure failure = failure(start, cause);
		log.warn("Session {}: media failed: {}", this.id, cause.getMessage());
		this.sessions.observer().mediaServerError(failure.reason());
		end("media failed");
		this.browser.send(new ServerMessage.Error(failure.message(), failure.retry()));
	}

	private void iceStateChanged(Start start, MediaServerEvent event) {
		if (this.current == start && "FAILED".equals(event.text("state"))) {
			this.tasks.force(() -> mediaNeverConnected(start, FailureReasons.ICE_FAILED, "ICE failed"));
		}
	}

	private void noMedia(Start start, Duration timeout) {
		if (!start.mediaFlowing) {
			mediaNeverConnected(start, FailureReasons.noMedia(timeout),
					"no media from the browser within " + timeout.toMillis() + " ms");
		}
	}

	private void mediaNeverConnected(Start start, FailureReasons.Failure failure, String why) {
		if (this.live != start) {
			return;
		}
		log.warn("Session {}: {}; ended", this.id, why);
		this.sessions.observer().mediaFailed(failure.reason());
		this.browser.send(ServerMessage.MediaState.FAILED);
		end("media never connected");
		this.browser.send(new ServerMessage.Error(failure.message(), failure.retry()));
	}

	private void mediaFlowIn(Start start, MediaServerEvent event) {
		if (this.current == start && "FLOWING".equals(event.text("state"))) {
			this.tasks.force(() -> {
				if (this.live == start && !start.mediaFlowing) {
					start.mediaFlowing = true;
					start.mediaDeadline.cancel(false);
					log.info("Session {}: media flowing in ({})", this.id, event.text("mediaType"));
					this.browser.send(ServerMessage.MediaState.CONNECTED);
				}
			});
		}
	}

	private void pairSelected(Start start, MediaServerEvent event) {
		if (this.current == start && event.data().get("candidatePair") instanceof Map<?, ?> pair) {
			log.debug("Session {}: ICE pair selected: {} <-> {}", this.id, pair.get("localCandidate"),
					pair.get("remoteCandidate"));
		}
	}

	// Drops the live start, if any, and releases whatever it built: the pipeline takes every element with it.
	private void end(String how) {
		this.earlyCandidates.clear();
		Start ended = this.live;
		if (ended == null) {
			return;
		}
		this.live = null;
		this.current = null;
		if (ended.mediaDeadline != null) {
			ended.mediaDeadline.cancel(false);
		}
		if (ended.pipeline != null) {
			this.lastRelease = ended.server.release(ended.client, ended.pipeline);
			this.sessions.observer().ended();
		}
		else if (ended.sent) {
			// The transaction may have built part of the pipeline, or all of it after an answer that never came.
			ended.server.sweepSoon();
		}
		ownership().release(ended.owner);
		ended.placement.release();
		log.info("Session {}: {}", this.id, how);
	}

	private void iceCandidateFound(Start start, MediaServerEvent event) {
		if (this.current != start || !(event.data().get("candidate") instanceof Map<?, ?> candidate)) {
			return;
		}
		Object line = candidate.get("candidate");
		Object mid = candidate.get("sdpMid");
		Object index = candidate.get("sdpMLineIndex");
		if (line == null || !(index instanceof Number number)) {
			log.warn("Session {}: ignored a malformed candidate from the media server", this.id);
			return;
		}
		this.browser.send(new ServerMessage.IceCandidateFound(
				new IceCandidate(line.toString(), mid == null ? null : mid.toString(), number.intValue())));
	}

	// A request that failed while the connection is down failed because of it, whatever kurento-client said: its
	// pending requests fail when the client is retired, and later ones on a closed client.
	private FailureReasons.Failure failure(Start start, Throwable cause) {
		return start.server.isConnected() ? FailureReasons.of(cause) : FailureReasons.CONNECTION_LOST;
	}

	private PipelineOwnership ownership() {
		return this.sessions.servers().ownership();
	}

	private static org.kurento.client.IceCandidate toKurento(IceCandidate candidate) {
		return new org.kurento.client.IceCandidate(candidate.candidate(), candidate.sdpMid(), candidate.sdpMLineIndex());
	}

	// What a message holds on to while it waits, in characters: its SDP or candidate, and a little for the rest.
	private static long size(ClientMessage message) {
		long text = 0;
		if (message instanceof ClientMessage.Start start) {
			text = start.sdpOffer().length();
		}
		else if (message instanceof ClientMessage.OnIceCandidate candidate) {
			String mid = candidate.candidate().sdpMid();
			text = candidate.candidate().candidate().length() + (mid == null ? 0 : mid.length());
		}
		return text + 64;
	}

	private static String name(ClientMessage message) {
		if (message instanceof ClientMessage.Start) {
			return "start";
		}
		return message instanceof ClientMessage.OnIceCandidate ? "onIceCandidate" : "stop";
	}

	/**
	 * One start: what it built once committed, and how its media stands. kurento-client keeps its objects in a
	 * weak-valued map and drops the events of any it has forgotten, so the elements the session listens to are
	 * held here, strongly, until the session ends. Touched by the session's tasks only, but for the owner name.
	 */
	private static final class Start {

		private final String owner;

		private final MediaServers.Placement placement;

		private final MediaServerConnection server;

		private final KurentoClient client;

		private final boolean restartOnLoss;

		// Set once the transaction is on its way: from then on, the media server may hold objects of this start.
		private boolean sent;

		private MediaPipeline pipeline;

		private WebRtcEndpoint endpoint;

		private List<MediaObject> held = List.of();

		private ScheduledFuture<?> mediaDeadline;

		private boolean mediaFlowing;

		// The browser's candidates passed on after the answer, and the first one over the bound.
		private int candidates;

		Start(String owner, MediaServers.Placement placement, KurentoClient client, boolean restartOnLoss) {
			this.owner = owner;
			this.placement = placement;
			this.server = placement.server();
			this.client = client;
			this.restartOnLoss = restartOnLoss;
		}

		void committed(MediaPipeline pipeline, WebRtcEndpoint endpoint, List<MediaObject> held) {
			this.pipeline = pipeline;
			this.endpoint = endpoint;
			this.held = held;
		}
	}

	private final class Context implements PipelineContext {

		private final Start start;

		private final MediaPipeline pipeline;

		private final Transaction tx;

		private final List<Runnable> subscriptions = new ArrayList<>();

		private final List<MediaObject> subscribed = Collections.synchronizedList(new ArrayList<>());

		private Consumer<Throwable> failed;

		Context(Start start, MediaPipeline pipeline, Transaction tx) {
			this.start = start;
			this.pipeline = pipeline;
			this.tx = tx;
		}

		@Override
		public String sessionId() {
			return MediaSession.this.id;
		}

		@Override
		public MediaPipeline pipeline() {
			return this.pipeline;
		}

		@Override
		public Transaction transaction() {
			return this.tx;
		}

		@Override
		public synchronized void on(MediaObject element, String eventType, Consumer<MediaServerEvent> handler) {
			this.subscribed.add(element);
			Runnable subscription = () -> KurentoEvents.subscribe(element, eventType, (event) -> {
				if (MediaSession.this.current == this.start) {
					handler.accept(event);
				}
			}, this.failed);
			if (this.failed == null) {
				// The element exists only once the transaction is committed.
				this.subscriptions.add(subscription);
			}
			else {
				subscription.run();
			}
		}

		// The live list, not a copy: elements subscribed to later are held too.
		List<MediaObject> subscribed() {
			return this.subscribed;
		}

		synchronized void subscribeAll(Consumer<Throwable> failed) {
			this.failed = failed;
			this.subscriptions.forEach(Runnable::run);
			this.subscriptions.clear();
		}

		@Override
		public void send(AppEvent event) {
			if (MediaSession.this.current == this.start) {
				MediaSession.this.browser.send(event);
			}
		}
	}
}
