package io.github.mediastreams.signalling.mediaserver;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.kurento.client.Continuation;
import org.kurento.client.KurentoClient;
import org.kurento.client.MediaPipeline;
import org.kurento.jsonrpc.client.JsonRpcClientNettyWebSocket;
import org.kurento.jsonrpc.client.JsonRpcWSConnectionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application's connection to one Kurento Media Server.
 *
 * <p>
 * The {@link KurentoClient} is created on first use rather than at start-up, so the application starts while the
 * media server is down; a use while it is unreachable fails at once with a {@link MediaServerUnavailableException}.
 *
 * <p>
 * This class, not kurento-client, owns recovery. kurento-client 7.3.0 reconnects by itself, but never turns its
 * heartbeat on again after a reconnection, takes an idle channel for a lost one without reconnecting it (so a
 * listener hears "reconnecting" and never "reconnected"), and leaves the requests that were under way when the
 * connection broke waiting forever; its own reconnection can hold a request's thread for ever (see {@link
 * SingleConnectionRpcClient}, which each client here is, and which never reconnects). So at the first sign of
 * trouble (kurento-client's reconnecting, disconnected or failed callbacks, a heartbeat without its pong) the client
 * is retired: destroyed, which fails its pending requests at once, and the listeners
 * are told. A fresh client is then connected, by the next use, a health check, or the background reconnection every
 * {@link #RETRY_INTERVAL}; each reconnection is checked with a ping (answered within the connect and request
 * timeouts) before it is used, so a server that accepts connections but answers nothing is not taken for a working
 * one. Callbacks of a retired client are ignored, so their order cannot wedge the state.
 *
 * <p>
 * What a lost connection leaves on the media server is released by the sweep of {@link PipelineOwnership}: after
 * every new connection, every {@code sweepInterval}, and soon after a start whose outcome is unknown. Each sweep runs
 * on a connection and a KMS session of its own, closed when it is done, so that nothing it looked at stays
 * referenced by this application.
 */
public final class MediaServerConnection implements AutoCloseable {

	/** How long after a failed attempt or a loss the connection is tried again in the background. */
	public static final Duration RETRY_INTERVAL = Duration.ofSeconds(2);

	private static final Logger log = LoggerFactory.getLogger(MediaServerConnection.class);

	private static final String UNREACHABLE = "The media server is not reachable; try again in a moment";

	private final URI url;

	private final Duration connectTimeout;

	private final Duration requestTimeout;

	private final MediaServerSettings settings;

	private final PipelineOwnership ownership;

	private final List<MediaServerListener> listeners = new CopyOnWriteArrayList<>();

	// Reconnections, sweeps and the destruction of retired clients: never on a caller's or kurento-client's thread.
	private final ScheduledExecutorService background;

	// Deadlines of connections being made, which may be made on the background thread itself.
	private final ScheduledExecutorService timer;

	private final ReentrantLock connecting = new ReentrantLock();

	private final AtomicReference<Link> link = new AtomicReference<>();

	private final AtomicLong failedAttempts = new AtomicLong();

	private final AtomicBoolean reconnectScheduled = new AtomicBoolean();

	private final AtomicBoolean sweepSeries = new AtomicBoolean();

	private volatile boolean closed;

	private volatile Long lastAnswerMillis;

	// A first connection has nothing of this instance to sweep; every later one may.
	private volatile boolean connectedBefore;

	/**
	 * @param url the media server's WebSocket URL, such as {@code ws://kurento:8888/kurento}
	 * @param settings how patient to be with it
	 * @param ownership which pipelines are this instance's, shared by all its media server connections
	 */
	public MediaServerConnection(URI url, MediaServerSettings settings, PipelineOwnership ownership) {
		this.url = Objects.requireNonNull(url, "url");
		this.settings = Objects.requireNonNull(settings, "settings");
		this.connectTimeout = settings.connectTimeout();
		this.requestTimeout = settings.requestTimeout();
		this.ownership = Objects.requireNonNull(ownership, "ownership");
		this.background = daemonThread("media-server-" + url.getHost() + ":" + url.getPort());
		this.timer = daemonThread("media-server-timer-" + url.getHost() + ":" + url.getPort());
		long sweepMillis = settings.sweepInterval().toMillis();
		this.background.scheduleWithFixedDelay(this::sweepIfConnected, sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
	}

	/** @return the media server's WebSocket URL */
	public URI url() {
		return this.url;
	}

	/** @return how long the media server may take to answer one request */
	public Duration requestTimeout() {
		return this.requestTimeout;
	}

	/** @return which pipelines on the media server are this application instance's */
	public PipelineOwnership ownership() {
		return this.ownership;
	}

	/** @return whether a checked connection to the media server is up now; nothing is tried */
	public boolean isConnected() {
		return this.link.get() != null;
	}

	/**
	 * Tells whether the media server answers now: connects if there is no connection, else pings it, bounded by the
	 * request timeout, and notes how long the answer took ({@link #lastAnswerMillis()}). A probe never retires the
	 * connection: a media server that answers slowly under load is slow, not lost, and its sessions go on. Losing it
	 * is decided by the heartbeat and by failed requests. A probe made while another caller connects fails at once
	 * rather than wait behind that connect.
	 * @return whether the media server answered within the request timeout
	 */
	public boolean isReachable() {
		Link current = this.link.get();
		if (current == null) {
			if (this.connecting.isLocked()) {
				return false;
			}
			try {
				current = link();
			}
			catch (MediaServerUnavailableException ex) {
				this.lastAnswerMillis = null;
				return false;
			}
		}
		long sent = System.nanoTime();
		boolean answered = ping(current.rpc(), this.requestTimeout);
		Long took = answered ? TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent) : null;
		this.lastAnswerMillis = took;
		if (!answered) {
			log.warn("The media server at {} did not answer a probe within {} ms; its sessions go on unless its "
					+ "heartbeat fails too", this.url, this.requestTimeout.toMillis());
		}
		else if (took > MediaServerStatus.SLOW_ANSWER_MILLIS) {
			log.info("The media server at {} is slow: it answered a probe in {} ms", this.url, took);
		}
		return answered;
	}

	/** @return how long the media server took to answer the last probe, in ms; null if unknown or unanswered */
	public Long lastAnswerMillis() {
		return this.lastAnswerMillis;
	}

	/** @param listener told when the connection to the media server breaks */
	public void addListener(MediaServerListener listener) {
		this.listeners.add(listener);
	}

	/** @param listener a listener added before */
	public void removeListener(MediaServerListener listener) {
		this.listeners.remove(listener);
	}

	/**
	 * Returns the client, connecting first if there is no connection now. One caller at a time connects; the others
	 * wait for it at most the connect timeout (a connect to a frozen server can take the connect and request
	 * timeouts together), and fail at once if it fails meanwhile, rather than queue up behind it.
	 * @return a connected client
	 * @throws MediaServerUnavailableException if the media server cannot be reached now
	 */
	public KurentoClient client() {
		return link().client();
	}

	/**
	 * Releases a pipeline and with it every media object it holds, without waiting. A pipeline of a client retired
	 * since is left to the sweeps: a retired client is never asked anything again (kurento-client can hold such a
	 * request for 25 s on a lock of its reconnection), and a release that fails because the connection is gone is
	 * made good by the next sweep too, once the session that held the pipeline has given up its claim.
	 * @param client the client the pipeline was created with
	 * @param pipeline the pipeline to release
	 * @return completed when the media server has answered, or the release has failed or was left to the sweeps
	 */
	public CompletableFuture<Void> release(KurentoClient client, MediaPipeline pipeline) {
		CompletableFuture<Void> done = new CompletableFuture<>();
		Link current = this.link.get();
		if (current == null || current.client() != client) {
			log.debug("Pipeline {} belongs to a lost connection: the sweeps will release it", pipeline.getId());
			done.complete(null);
			return done;
		}
		try {
			pipeline.release(new Continuation<>() {
				@Override
				public void onSuccess(Void result) {
					done.complete(null);
				}

				@Override
				public void onError(Throwable cause) {
					log.debug("Could not release pipeline {}: {}", pipeline.getId(), cause.getMessage());
					done.complete(null);
				}
			});
		}
		catch (RuntimeException ex) {
			log.debug("Could not release pipeline {}: {}", pipeline.getId(), ex.getMessage());
			done.complete(null);
		}
		// An answer that never comes (a silent server) must not hold anyone up.
		return done.completeOnTimeout(null, this.requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	/**
	 * Asks for a sweep now and a few more after 1, 2, 4 and 8 request timeouts: for a start whose transaction reached
	 * the media server but whose answer never came back, which a slow media server may still be carrying out. Asks
	 * made while a series is under way are folded into it; the periodic sweep catches anything later still.
	 */
	public void sweepSoon() {
		if (this.closed || !this.sweepSeries.compareAndSet(false, true)) {
			return;
		}
		this.background.execute(this::sweepIfConnected);
		long timeout = this.requestTimeout.toMillis();
		for (int factor : new int[] { 1, 2, 4, 8 }) {
			this.background.schedule(() -> {
				if (factor == 8) {
					this.sweepSeries.set(false);
				}
				sweepIfConnected();
			}, factor * timeout, TimeUnit.MILLISECONDS);
		}
	}

	@Override
	public void close() {
		this.closed = true;
		this.background.shutdownNow();
		this.timer.shutdownNow();
		Link current = this.link.getAndSet(null);
		if (current != null) {
			// closeSession tells the media server this client is gone for good.
			current.client().destroy();
		}
	}

	private Link link() {
		Link current = this.link.get();
		if (current != null) {
			return current;
		}
		if (this.closed) {
			throw new MediaServerUnavailableException("The application is shutting down", "shutdown", null);
		}
		long failuresBefore = this.failedAttempts.get();
		// A connect under way can take the handshake bound and a ping: others wait at most the connect timeout.
		try {
			if (!this.connecting.tryLock(this.connectTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new MediaServerUnavailableException(UNREACHABLE, null);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new MediaServerUnavailableException(UNREACHABLE, ex);
		}
		try {
			current = this.link.get();
			if (current != null) {
				return current;
			}
			if (this.failedAttempts.get() != failuresBefore || this.closed) {
				// An attempt failed while this caller waited for it: another one now would only double the wait.
				throw new MediaServerUnavailableException(UNREACHABLE, null);
			}
			return connect();
		}
		finally {
			this.connecting.unlock();
		}
	}

	private Link connect() {
		StateListener listener = new StateListener();
		// Both the handshake and the check of a reconnection are answered within the connect and request timeouts.
		Duration answered = this.connectTimeout.plus(this.requestTimeout);
		JsonRpcClientNettyWebSocket rpc = new SingleConnectionRpcClient(this.url.toString(), listener, this.timer,
				answered);
		rpc.setConnectionTimeout((int) this.connectTimeout.toMillis());
		rpc.setRequestTimeout(this.requestTimeout.toMillis());
		// Longer than the heartbeat, which keeps a live channel busy: an idle event, which 7.3.0 turns into a
		// "reconnecting" that no "reconnected" follows, then means the heartbeat itself has stopped.
		rpc.setIdleTimeout((int) this.settings.effectiveIdleTimeout().toMillis());
		rpc.setSendCloseMessage(true);
		rpc.enableHeartbeat((int) this.settings.heartbeatInterval().toMillis());
		KurentoClient client;
		try {
			client = KurentoClient.createFromJsonRpcClientHonoringClientTimeouts(rpc);
		}
		catch (RuntimeException ex) {
			// Else its heartbeat would go on trying to connect, on a thread of its own, for ever.
			closeQuietly(rpc);
			return failed(rootMessage(ex), ex);
		}
		NettyWriteBuffer.raise(rpc);
		Link created = new Link(client, rpc);
		listener.link = created;
		// A reconnection is checked before use: the connection was lost, maybe to a server that went silent, which
		// still accepts connections. (The first heartbeat is on its way too, and KMS answers in order: the check
		// waits for both.) A first connection is checked by its first heartbeat, without adding to its requests.
		if (this.connectedBefore && !ping(rpc, answered)) {
			destroyQuietly(created);
			return failed("connected, but no answer to a ping within " + answered.toMillis() + " ms", null);
		}
		this.link.set(created);
		long failures = this.failedAttempts.getAndSet(0);
		log.info("Connected to the media server at {}{}", this.url,
				failures > 0 ? " after " + failures + " failed attempts" : "");
		if (listener.troubled) {
			// Trouble reported between the ping and now: it was for this very client.
			retire(created, "lost while connecting");
		}
		else if (this.connectedBefore) {
			// What the lost connection left behind, before anything else of this instance's is done there.
			this.background.execute(this::sweepIfConnected);
		}
		this.connectedBefore = true;
		return created;
	}

	private Link failed(String reason, Throwable cause) {
		long failures = this.failedAttempts.incrementAndGet();
		if (failures == 1) {
			log.warn("The media server at {} is not reachable: {}", this.url, reason);
		}
		else {
			log.debug("The media server at {} is still not reachable ({} attempts): {}", this.url, failures, reason);
		}
		scheduleReconnect();
		throw new MediaServerUnavailableException(UNREACHABLE, cause);
	}

	/** Takes a client out of use, once: the listeners are told, and its pending requests fail. */
	private void retire(Link retired, String reason) {
		if (!this.link.compareAndSet(retired, null)) {
			return;
		}
		log.warn("Lost the connection to the media server at {} ({}); reconnecting", this.url, reason);
		for (MediaServerListener listener : this.listeners) {
			try {
				listener.connectionLost(this);
			}
			catch (RuntimeException ex) {
				log.error("A media server listener failed", ex);
			}
		}
		// Here and now, not on the background thread, which a sweep may hold: what waits on the client fails at once.
		destroyQuietly(retired);
		if (!this.closed) {
			scheduleReconnect();
		}
	}

	private void scheduleReconnect() {
		if (this.closed || !this.reconnectScheduled.compareAndSet(false, true)) {
			return;
		}
		this.background.schedule(() -> {
			this.reconnectScheduled.set(false);
			if (!this.closed && this.link.get() == null) {
				try {
					link();
				}
				catch (MediaServerUnavailableException ex) {
					// failed() has scheduled the next attempt.
				}
			}
		}, RETRY_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
	}

	/**
	 * Sweeps on a KMS session of its own, closed when done. KMS references every object a session calls for that
	 * session, and frees only objects that no live session references: sweeping on the long-lived session of the
	 * sessions' client would keep every pipeline it looked at (other instances' leftovers, other applications'
	 * objects) alive for as long as this instance runs. {@code closeSession} drops those references again.
	 */
	private void sweepIfConnected() {
		if (this.link.get() == null || this.closed) {
			return;
		}
		// No listener: a sweep's client lives for one sweep and is never retired or reconnected.
		JsonRpcClientNettyWebSocket rpc = new SingleConnectionRpcClient(this.url.toString(), null, this.timer,
				this.connectTimeout.plus(this.requestTimeout));
		rpc.setConnectionTimeout((int) this.connectTimeout.toMillis());
		rpc.setRequestTimeout(this.requestTimeout.toMillis());
		rpc.setSendCloseMessage(true);
		KurentoClient sweeper = null;
		try {
			sweeper = KurentoClient.createFromJsonRpcClientHonoringClientTimeouts(rpc);
			int released = this.ownership.sweep(sweeper);
			if (released > 0) {
				log.info("Released {} pipelines left on the media server at {}", released, this.url);
			}
		}
		catch (RuntimeException ex) {
			log.debug("Could not look for pipelines left on the media server at {}: {}", this.url, ex.getMessage());
		}
		finally {
			if (sweeper != null) {
				// closeSession, then the connection closes: the media server forgets what the sweep looked at.
				sweeper.destroy();
			}
			else {
				closeQuietly(rpc);
			}
		}
	}

	/** A JSON-RPC ping, answered in time. */
	private static boolean ping(JsonRpcClientNettyWebSocket rpc, Duration timeout) {
		CompletableFuture<JsonElement> pong = new CompletableFuture<>();
		try {
			rpc.sendRequest("ping", new JsonObject(), new org.kurento.jsonrpc.client.Continuation<>() {
				@Override
				public void onSuccess(JsonElement result) {
					pong.complete(result);
				}

				@Override
				public void onError(Throwable cause) {
					pong.completeExceptionally(cause);
				}
			});
			pong.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		catch (ExecutionException | TimeoutException | RuntimeException ex) {
			return false;
		}
	}

	private static ScheduledExecutorService daemonThread(String name) {
		return Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, name);
			thread.setDaemon(true);
			return thread;
		});
	}

	private static void destroyQuietly(Link retired) {
		try {
			// A broken connection has no use for a goodbye; sending one would try to reconnect first. A heartbeat
			// stopped without an interrupt ends quietly, where an interrupted one reports a failure.
			retired.rpc().setSendCloseMessage(false);
			retired.rpc().disableHeartbeat(false);
			retired.client().destroy();
		}
		catch (RuntimeException ex) {
			log.debug("Could not destroy a retired media server client: {}", ex.toString());
		}
	}

	private static void closeQuietly(JsonRpcClientNettyWebSocket rpc) {
		try {
			rpc.setSendCloseMessage(false);
			rpc.disableHeartbeat(false);
			rpc.close();
		}
		catch (java.io.IOException | RuntimeException ex) {
			log.debug("Could not close a media server client that never connected: {}", ex.toString());
		}
	}

	private static String rootMessage(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return root.getClass().getSimpleName() + (root.getMessage() != null ? ": " + root.getMessage() : "");
	}

	/** One connected client and its JSON-RPC channel. */
	private record Link(KurentoClient client, JsonRpcClientNettyWebSocket rpc) {
	}

	/** kurento-client's callbacks for one client: any sign of trouble retires it. */
	private final class StateListener implements JsonRpcWSConnectionListener {

		private volatile Link link;

		// Trouble before the link was known, i.e. while connecting.
		private volatile boolean troubled;

		@Override
		public void connected() {
		}

		@Override
		public void connectionFailed() {
			trouble("connection failed");
		}

		@Override
		public void disconnected() {
			trouble("disconnected");
		}

		@Override
		public void reconnecting() {
			trouble("connection broken");
		}

		@Override
		public void reconnected(boolean sameServer) {
			// Never waited for: a reconnecting client is retired already.
		}

		private void trouble(String reason) {
			this.troubled = true;
			Link current = this.link;
			if (current != null) {
				retire(current, reason);
			}
		}
	}
}
