package io.github.mediastreams.signalling.web;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import io.github.mediastreams.signalling.session.MediaSessions;

/**
 * Ends every media session when the application stops (SIGTERM, {@code docker stop}, a rolling update): no start
 * is taken any more, each browser is told in words that the server is going away, every pipeline is released and
 * the connections are closed, before the web server stops. Without it, the pipelines of live sessions would stay
 * on the media server. Stops before the web server's graceful shutdown begins; Spring Boot's
 * {@code spring.lifecycle.timeout-per-shutdown-phase} bounds the wait, and so does the media server's request
 * timeout.
 */
public class MediaSessionsShutdown implements SmartLifecycle {

	/** Before the web server's graceful shutdown ({@code DEFAULT_PHASE - 1024}) and its stop. */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

	private static final Logger log = LoggerFactory.getLogger(MediaSessionsShutdown.class);

	private final MediaSessions sessions;

	private final Duration releaseTimeout;

	private volatile boolean running;

	/**
	 * @param sessions the application's sessions
	 * @param releaseTimeout how long to wait for the media server to answer the releases
	 */
	public MediaSessionsShutdown(MediaSessions sessions, Duration releaseTimeout) {
		this.sessions = sessions;
		this.releaseTimeout = releaseTimeout;
	}

	@Override
	public void start() {
		// Started again after a stop (the context was stopped, not closed): its sessions take starts again.
		this.sessions.resume();
		this.running = true;
	}

	@Override
	public void stop() {
		stop(() -> {
		});
	}

	@Override
	public void stop(Runnable callback) {
		this.running = false;
		int open = this.sessions.size();
		log.info("Shutting down: ending {} media sessions", open);
		this.sessions.shutdown()
			.orTimeout(this.releaseTimeout.toMillis(), TimeUnit.MILLISECONDS)
			.whenComplete((done, timedOut) -> {
				if (timedOut != null) {
					log.warn("Shutting down: the media server did not answer every release within {} ms",
							this.releaseTimeout.toMillis());
				}
				callback.run();
			});
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}
}
