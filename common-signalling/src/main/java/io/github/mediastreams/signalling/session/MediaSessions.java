package io.github.mediastreams.signalling.session;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

import io.github.mediastreams.signalling.mediaserver.MediaServerConnection;
import io.github.mediastreams.signalling.mediaserver.MediaServerListener;
import io.github.mediastreams.signalling.mediaserver.MediaServers;

/**
 * The live media sessions of an application, one per browser connection, and what they share: the application's
 * {@link SessionPipeline}, the media servers, the limits and the threads. Free of Spring: a plain Jakarta
 * WebSocket endpoint opens a session per connection with {@link #open} just as the Spring handler does.
 */
public final class MediaSessions implements MediaServerListener {

	private final SessionPipeline pipeline;

	private final MediaServers servers;

	private final SessionSettings settings;

	private final SessionObserver observer;

	private final Executor pool;

	private final ScheduledExecutorService scheduler;

	private final Clock clock;

	private final Map<String, MediaSession> live = new ConcurrentHashMap<>();

	private volatile boolean shuttingDown;

	/**
	 * @param pipeline what the application adds to each session
	 * @param servers the media servers; the sessions listen to them
	 * @param settings the limits of each session
	 * @param observer told of starts, ends and media server errors
	 * @param pool runs the sessions' work, including blocking media server calls; never the WebSocket container's
	 *        threads
	 * @param scheduler times the sessions' media deadlines
	 * @param clock the clock for rate limits
	 */
	public MediaSessions(SessionPipeline pipeline, MediaServers servers, SessionSettings settings,
			SessionObserver observer, Executor pool, ScheduledExecutorService scheduler, Clock clock) {
		this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
		this.servers = Objects.requireNonNull(servers, "servers");
		this.settings = Objects.requireNonNull(settings, "settings");
		this.observer = Objects.requireNonNull(observer, "observer");
		this.pool = Objects.requireNonNull(pool, "pool");
		this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
		this.clock = Objects.requireNonNull(clock, "clock");
		servers.addListener(this);
	}

	/**
	 * Opens the session of a new browser connection. Close it with {@link MediaSession#close()} when the connection
	 * closes.
	 * @param id a unique id for the connection, used in logs
	 * @param browser the way to the browser
	 * @return the session
	 */
	public MediaSession open(String id, BrowserChannel browser) {
		MediaSession session = new MediaSession(id, browser, this);
		if (this.live.putIfAbsent(id, session) != null) {
			throw new IllegalStateException("A session with id " + id + " is open already");
		}
		if (this.shuttingDown) {
			session.goAway();
		}
		return session;
	}

	/**
	 * Shuts the sessions down, as the server is going away: no start is taken any more, and each session is ended,
	 * its browser told why in words and its connection closed.
	 * @return completed once the media server has answered every release, or they failed
	 */
	public CompletableFuture<Void> shutdown() {
		this.shuttingDown = true;
		return CompletableFuture.allOf(this.live.values().stream().map(MediaSession::goAway)
			.toArray(CompletableFuture[]::new));
	}

	/**
	 * Takes starts again after a {@link #shutdown()}, for an application that is started again rather than gone:
	 * Spring's {@code ConfigurableApplicationContext.stop()} then {@code start()}, as the test framework does with
	 * the cached contexts it pauses between test classes.
	 */
	public void resume() {
		this.shuttingDown = false;
	}

	/** @return whether {@link #shutdown()} was called, and not {@link #resume()} since */
	public boolean isShuttingDown() {
		return this.shuttingDown;
	}

	/** @return how many browser connections have a session open */
	public int size() {
		return this.live.size();
	}

	@Override
	public void connectionLost(MediaServerConnection server) {
		this.live.values().forEach((session) -> session.connectionLost(server));
	}

	void closed(MediaSession session) {
		this.live.remove(session.id(), session);
	}

	SessionPipeline pipeline() {
		return this.pipeline;
	}

	MediaServers servers() {
		return this.servers;
	}

	SessionSettings settings() {
		return this.settings;
	}

	SessionObserver observer() {
		return this.observer;
	}

	Executor pool() {
		return this.pool;
	}

	ScheduledExecutorService scheduler() {
		return this.scheduler;
	}

	Clock clock() {
		return this.clock;
	}
}
