package io.github.mediastreams.signalling.mediaserver;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;

import org.kurento.client.Continuation;
import org.kurento.client.KurentoClient;
import org.kurento.client.MediaPipeline;
import org.kurento.client.internal.server.KurentoServerException;
import org.kurento.jsonrpc.client.JsonRpcClientNettyWebSocket;
import org.kurento.jsonrpc.client.JsonRpcWSConnectionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application's one connection to Kurento Media Server.
 *
 * <p>
 * The {@link KurentoClient} is created on first use rather than at start-up, so the application starts while the
 * media server is down; a use while it is unreachable fails at once with a {@link MediaServerUnavailableException}
 * and the next use tries again. Once connected, the client reconnects by itself. When the connection breaks, the
 * registered {@link MediaServerListener}s are told, and pipelines whose release could not be sent are released when
 * the same server comes back (a restarted server has already lost them).
 */
public final class MediaServerConnection implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(MediaServerConnection.class);

	// KMS's answer when an object is already gone: releasing it again is pointless.
	private static final int MEDIA_OBJECT_NOT_FOUND = 40101;

	private static final String UNREACHABLE = "The media server is not reachable; try again in a moment";

	private final URI url;

	private final Duration connectTimeout;

	private final Duration requestTimeout;

	private final Duration heartbeatInterval;

	private final List<MediaServerListener> listeners = new CopyOnWriteArrayList<>();

	private final Set<MediaPipeline> unreleased = ConcurrentHashMap.newKeySet();

	private final ReentrantLock connecting = new ReentrantLock();

	private volatile KurentoClient client;

	private volatile boolean connected;

	private volatile boolean closed;

	/**
	 * @param url the media server's WebSocket URL, such as {@code ws://kurento:8888/kurento}
	 * @param connectTimeout how long one connection attempt may take
	 * @param requestTimeout how long the media server may take to answer one request
	 * @param heartbeatInterval how often the connection is checked with a ping
	 */
	public MediaServerConnection(URI url, Duration connectTimeout, Duration requestTimeout,
			Duration heartbeatInterval) {
		this.url = Objects.requireNonNull(url, "url");
		this.connectTimeout = connectTimeout;
		this.requestTimeout = requestTimeout;
		this.heartbeatInterval = heartbeatInterval;
	}

	/** @return the media server's WebSocket URL */
	public URI url() {
		return this.url;
	}

	/** @return how long the media server may take to answer one request */
	public Duration requestTimeout() {
		return this.requestTimeout;
	}

	/** @return whether the connection to the media server is up now */
	public boolean isConnected() {
		return this.connected && this.client != null;
	}

	/**
	 * Connects if no connection was made yet, and tells whether the media server can be used now.
	 * @return whether {@link #client()} would return a connected client now
	 */
	public boolean isReachable() {
		try {
			client();
			return true;
		}
		catch (MediaServerUnavailableException ex) {
			return false;
		}
	}

	/**
	 * @param listener told when the connection to the media server breaks
	 */
	public void addListener(MediaServerListener listener) {
		this.listeners.add(listener);
	}

	/**
	 * @param listener a listener added before
	 */
	public void removeListener(MediaServerListener listener) {
		this.listeners.remove(listener);
	}

	/**
	 * Returns the client, connecting first if no connection was made yet.
	 * @return the connected client
	 * @throws MediaServerUnavailableException if the media server cannot be reached now, including while the client
	 *         reconnects
	 */
	public KurentoClient client() {
		KurentoClient current = this.client;
		if (current != null) {
			if (!this.connected) {
				throw new MediaServerUnavailableException(UNREACHABLE, null);
			}
			return current;
		}
		this.connecting.lock();
		try {
			if (this.closed) {
				throw new MediaServerUnavailableException("The application is shutting down", null);
			}
			if (this.client == null) {
				this.client = connect();
			}
			else if (!this.connected) {
				throw new MediaServerUnavailableException(UNREACHABLE, null);
			}
			return this.client;
		}
		finally {
			this.connecting.unlock();
		}
	}

	/**
	 * Releases a pipeline and with it every media object it holds, without waiting. A release that cannot be sent
	 * because the connection is down is sent again when the same media server is back.
	 * @param pipeline the pipeline to release
	 */
	public void release(MediaPipeline pipeline) {
		try {
			pipeline.release(new Continuation<>() {
				@Override
				public void onSuccess(Void result) {
					MediaServerConnection.this.unreleased.remove(pipeline);
				}

				@Override
				public void onError(Throwable cause) {
					releaseFailed(pipeline, cause);
				}
			});
		}
		catch (RuntimeException ex) {
			releaseFailed(pipeline, ex);
		}
	}

	/** @return how many pipelines wait to be released when the media server is back */
	public int pendingReleases() {
		return this.unreleased.size();
	}

	@Override
	public void close() {
		this.connecting.lock();
		try {
			this.closed = true;
			KurentoClient current = this.client;
			this.client = null;
			this.connected = false;
			if (current != null) {
				current.destroy();
			}
		}
		finally {
			this.connecting.unlock();
		}
	}

	private void releaseFailed(MediaPipeline pipeline, Throwable cause) {
		if (cause instanceof KurentoServerException kse && kse.getCode() == MEDIA_OBJECT_NOT_FOUND) {
			this.unreleased.remove(pipeline);
			return;
		}
		log.warn("Could not release pipeline {} now ({}); will retry when the media server is back", pipeline.getId(),
				cause.getMessage());
		this.unreleased.add(pipeline);
	}

	private KurentoClient connect() {
		StateListener listener = new StateListener();
		JsonRpcClientNettyWebSocket rpc = new JsonRpcClientNettyWebSocket(this.url.toString(), listener);
		listener.rpc = rpc;
		rpc.setConnectionTimeout((int) this.connectTimeout.toMillis());
		rpc.setRequestTimeout(this.requestTimeout.toMillis());
		rpc.setTryReconnectingForever(true);
		rpc.setSendCloseMessage(true);
		rpc.enableHeartbeat((int) this.heartbeatInterval.toMillis());
		try {
			KurentoClient created = KurentoClient.createFromJsonRpcClientHonoringClientTimeouts(rpc);
			NettyWriteBuffer.raise(rpc);
			this.connected = true;
			log.info("Connected to the media server at {}", this.url);
			return created;
		}
		catch (RuntimeException ex) {
			log.warn("The media server at {} is not reachable: {}", this.url, rootMessage(ex));
			throw new MediaServerUnavailableException(UNREACHABLE, ex);
		}
	}

	private void reconnected(boolean sameServer) {
		this.connected = true;
		if (!sameServer) {
			// A restarted server has none of the old objects: nothing is left to release.
			log.info("Reconnected to a restarted media server at {}; {} stale pipelines dropped", this.url,
					this.unreleased.size());
			this.unreleased.clear();
			return;
		}
		log.info("Reconnected to the media server at {}", this.url);
		for (MediaPipeline pipeline : List.copyOf(this.unreleased)) {
			release(pipeline);
		}
	}

	private void lost() {
		if (!this.connected) {
			return;
		}
		this.connected = false;
		log.warn("Lost the connection to the media server at {}; reconnecting", this.url);
		for (MediaServerListener listener : this.listeners) {
			try {
				listener.connectionLost();
			}
			catch (RuntimeException ex) {
				log.error("A media server listener failed", ex);
			}
		}
	}

	private static String rootMessage(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return root.getClass().getSimpleName() + (root.getMessage() != null ? ": " + root.getMessage() : "");
	}

	private final class StateListener implements JsonRpcWSConnectionListener {

		private volatile JsonRpcClientNettyWebSocket rpc;

		@Override
		public void connected() {
		}

		@Override
		public void connectionFailed() {
			lost();
		}

		@Override
		public void disconnected() {
			lost();
		}

		@Override
		public void reconnecting() {
			lost();
		}

		@Override
		public void reconnected(boolean sameServer) {
			// A reconnection brings a new channel, with Netty's default limits again.
			NettyWriteBuffer.raise(this.rpc);
			MediaServerConnection.this.reconnected(sameServer);
		}
	}
}
