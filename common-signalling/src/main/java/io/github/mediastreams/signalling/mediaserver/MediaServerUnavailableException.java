package io.github.mediastreams.signalling.mediaserver;

import java.util.Objects;

/**
 * No media server can take a session now: none answers, or those that answer are full or busy. The message is fit
 * for a person and holds no internal detail.
 */
public class MediaServerUnavailableException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String reason;

	/**
	 * A media server that does not answer.
	 * @param message what a person is told
	 * @param cause the underlying failure, for the logs
	 */
	public MediaServerUnavailableException(String message, Throwable cause) {
		this(message, "unreachable", cause);
	}

	/**
	 * @param message what a person is told
	 * @param reason why, in one word for metrics: {@code unreachable}, {@code full}, {@code busy}, or
	 *        {@code shutdown} when the application stops
	 * @param cause the underlying failure, for the logs
	 */
	public MediaServerUnavailableException(String message, String reason, Throwable cause) {
		super(message, cause);
		this.reason = Objects.requireNonNull(reason, "reason");
	}

	/**
	 * @return why, in one word for metrics: {@code unreachable}, {@code full}, {@code busy}, or {@code shutdown}
	 *         when the application stops
	 */
	public String reason() {
		return this.reason;
	}
}
