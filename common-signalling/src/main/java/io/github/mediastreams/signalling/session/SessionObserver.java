package io.github.mediastreams.signalling.session;

import java.time.Duration;

/** Told what happens to media sessions, to count and time them. Implementations must be thread-safe. */
public interface SessionObserver {

	/** An observer that does nothing. */
	SessionObserver NONE = new SessionObserver() {
	};

	/**
	 * A session's media was set up and answered.
	 * @param setupTime from the {@code start} message to the SDP answer
	 */
	default void started(Duration setupTime) {
	}

	/** A session's media was released. */
	default void ended() {
	}

	/**
	 * The media server failed a request of a session, or could not be reached.
	 * @param reason a short, low-cardinality reason such as {@code unreachable}, {@code timeout}, {@code rejected}
	 */
	default void mediaServerError(String reason) {
	}

	/**
	 * A session's media never connected, and the session was ended.
	 * @param reason {@code ice-failed} or {@code no-media}
	 */
	default void mediaFailed(String reason) {
	}
}
