package io.github.mediastreams.signalling.mediaserver;

/** The media server cannot be reached now. The message is fit for a person and holds no internal detail. */
public class MediaServerUnavailableException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * @param message what a person is told
	 * @param cause the underlying failure, for the logs
	 */
	public MediaServerUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}
}
