package io.github.mediastreams.signalling.session;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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

import io.github.mediastreams.signalling.mediaserver.MediaServerUnavailableException;
import io.github.mediastreams.signalling.protocol.ClientMessage;
import io.github.mediastreams.signalling.protocol.IceCandidate;
import io.github.mediastreams.signalling.protocol.ServerMessage;
import io.github.mediastreams.signalling.protocol.ServerMessage.AppEvent;

/**
 * The media session of one browser connection: builds the application's pipeline on {@code start}, trickles ICE
 * candidates both ways, and releases every media object on {@code stop}, on a second {@code start}, on close, on
 * error and when the media server connection is lost.
 *
 * <p>
 * Browser messages are handed over with {@link #receive} from any thread and run one at a time, in order, on the
 * session's own serial executor, never on the WebSocket container's thread. A start takes three sequential round
 * trips to the media server: the pipeline; one transaction with the application's elements, the SDP offer and the
 * candidates that came early; and the event subscriptions sent together with the candidate gathering. KMS handles
 * the requests of one connection in order, so the subscriptions are in place before the first candidate is found.
 */
public final class MediaSession {

	private static final Logger log = LoggerFactory.getLogger(MediaSession.class);

	private final String id;

	private final BrowserChannel browser;

	private final MediaSessions sessions;

	private final SerialExecutor tasks;

	private final CandidateQueue earlyCandidates;

	// The fields below are touched by the session's own tasks only.
	private Media media;

	private ScheduledFuture<?> deadline;

	private Instant lastStart;

	private boolean closed;

	// The start that is live now; media server callbacks compare against it to drop what is stale.
	private volatile Object live;

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
		if (!this.tasks.offer(() -> handle(message))) {
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

	void connectionLost() {
		this.tasks.force(() -> {
			if (this.live != null) {
				log.warn("Session {}: lost the media server; its media is gone", this.id);
				end("ended: media server connection lost");
				this.browser.send(new ServerMessage.Error(FailureReasons.CONNECTION_LOST.message()));
			}
		});
	}

	private void handle(ClientMessage message) {
		if (this.closed) {
			return;
		}
		if (message instanceof ClientMessage.Start start) {
			start(start.sdpOffer());
		}
		else if (message instanceof ClientMessage.OnIceCandidate candidate) {
			candidate(candidate.candidate());
		}
		else {
			stop();
		}
	}

	private void start(String offer) {
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
		Object token = new Object();
		this.live = token;
		long startedAt = System.nanoTime();
		KurentoClient client;
		try {
			client = this.sessions.server().client();
		}
		catch (MediaServerUnavailableException ex) {
			startFailed(token, ex);
			return;
		}
		this.deadline = this.sessions.scheduler()
			.schedule(() -> this.tasks.force(() -> startFailed(token, new TimeoutException("start"))),
					this.sessions.server().requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
		client.createMediaPipeline(new Continuation<>() {
			@Override
			public void onSuccess(MediaPipeline pipeline) {
				MediaSession.this.tasks.force(() -> build(token, client, pipeline, offer, startedAt));
			}

			@Override
			public void onError(Throwable cause) {
				MediaSession.this.tasks.force(() -> startFailed(token, cause));
			}
		});
	}

	private void build(Object token, KurentoClient client, MediaPipeline pipeline, String offer, long startedAt) {
		if (this.live != token) {
			// The start was stopped, replaced or timed out while the pipeline was on its way.
			this.sessions.server().release(pipeline);
			return;
		}
		this.media = new Media(pipeline, null, List.of());
		try {
			Transaction tx = client.beginTransaction();
			Context context = new Context(token, pipeline, tx);
			WebRtcEndpoint endpoint = this.sessions.pipeline().build(context);
			TFuture<String> answer = endpoint.processOffer(tx, offer);
			for (IceCandidate candidate : this.earlyCandidates.drain()) {
				endpoint.addIceCandidate(tx, toKurento(candidate));
			}
			tx.commit();
			this.media = new Media(pipeline, endpoint, context.subscribed());
			this.deadline.cancel(false);
			this.browser.send(new ServerMessage.StartResponse(answer.get()));
			Duration setup = Duration.ofNanos(System.nanoTime() - startedAt);
			this.sessions.observer().started(setup);
			log.info("Session {}: started in {} ms", this.id, setup.toMillis());
			Consumer<Throwable> failed = (cause) -> this.tasks.force(() -> mediaFailed(token, cause));
			KurentoEvents.subscribe(endpoint, "IceCandidateFound", (event) -> iceCandidateFound(token, event), failed);
			context.subscribeAll(failed);
			endpoint.gatherCandidates(new Continuation<>() {
				@Override
				public void onSuccess(Void result) {
				}

				@Override
				public void onError(Throwable cause) {
					MediaSession.this.tasks.force(() -> mediaFailed(token, cause));
				}
			});
		}
		catch (RuntimeException ex) {
			startFailed(token, ex);
		}
	}

	private void candidate(IceCandidate candidate) {
		if (this.media != null && this.media.endpoint() != null) {
			this.media.endpoint().addIceCandidate(toKurento(candidate), new Continuation<>() {
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

	private void startFailed(Object token, Throwable cause) {
		if (this.live != token) {
			return;
		}
		FailureReasons.Failure failure = FailureReasons.of(cause);
		if ("failed".equals(failure.reason())) {
			log.error("Session {}: start failed", this.id, cause);
		}
		else {
			log.warn("Session {}: start failed: {}", this.id, cause.getMessage());
		}
		this.sessions.observer().mediaServerError(failure.reason());
		end("start failed");
		this.browser.send(new ServerMessage.Error(failure.message()));
	}

	private void mediaFailed(Object token, Throwable cause) {
		if (this.live != token) {
			return;
		}
		FailureReasons.Failure failure = FailureReasons.of(cause);
		log.warn("Session {}: media failed: {}", this.id, cause.getMessage());
		this.sessions.observer().mediaServerError(failure.reason());
		end("media failed");
		this.browser.send(new ServerMessage.Error(failure.message()));
	}

	// Drops the live start, if any, and releases whatever it built: the pipeline takes every element with it.
	private void end(String how) {
		this.earlyCandidates.clear();
		if (this.deadline != null) {
			this.deadline.cancel(false);
			this.deadline = null;
		}
		if (this.live == null) {
			return;
		}
		this.live = null;
		Media ended = this.media;
		this.media = null;
		if (ended != null) {
			this.sessions.server().release(ended.pipeline());
			if (ended.endpoint() != null) {
				this.sessions.observer().ended();
			}
		}
		log.info("Session {}: {}", this.id, how);
	}

	private void iceCandidateFound(Object token, MediaServerEvent event) {
		if (this.live != token || !(event.data().get("candidate") instanceof Map<?, ?> candidate)) {
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

	private static org.kurento.client.IceCandidate toKurento(IceCandidate candidate) {
		return new org.kurento.client.IceCandidate(candidate.candidate(), candidate.sdpMid(), candidate.sdpMLineIndex());
	}

	private static String name(ClientMessage message) {
		if (message instanceof ClientMessage.Start) {
			return "start";
		}
		return message instanceof ClientMessage.OnIceCandidate ? "onIceCandidate" : "stop";
	}

	/**
	 * What a live start holds. kurento-client keeps its objects in a weak-valued map and drops the events of any it
	 * has forgotten, so the elements the session listens to are held here, strongly, until the session ends.
	 */
	private record Media(MediaPipeline pipeline, WebRtcEndpoint endpoint, List<MediaObject> subscribed) {
	}

	private final class Context implements PipelineContext {

		private final Object token;

		private final MediaPipeline pipeline;

		private final Transaction tx;

		private final List<Runnable> subscriptions = new ArrayList<>();

		private final List<MediaObject> subscribed = java.util.Collections.synchronizedList(new ArrayList<>());

		private Consumer<Throwable> failed;

		Context(Object token, MediaPipeline pipeline, Transaction tx) {
			this.token = token;
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
				if (MediaSession.this.live == this.token) {
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
			if (MediaSession.this.live == this.token) {
				MediaSession.this.browser.send(event);
			}
		}
	}
}
