package io.github.mediastreams.signalling.session;

import java.util.concurrent.TimeoutException;

import org.kurento.client.internal.server.KurentoServerException;

import io.github.mediastreams.signalling.mediaserver.MediaServerConnectionLostException;
import io.github.mediastreams.signalling.mediaserver.MediaServerUnavailableException;

/**
 * Turns a media server failure into words for the browser, which never sees stack traces or internal ids, and a
 * short reason for metrics.
 */
final class FailureReasons {

	private FailureReasons() {
	}

	record Failure(String message, String reason) {

		/**
		 * @return whether the cause is passing (no media server answering, or none with room now, the server going
		 *         away): worth a retry
		 */
		boolean retry() {
			return switch (this.reason) {
				case "unreachable", "full", "busy", "timeout", "shutdown" -> true;
				default -> false;
			};
		}
	}

	// What kurento-client answers for each request pending when its connection closes.
	private static final String CONNECTION_CLOSED = "Connection with server have been closed";

	static final Failure CONNECTION_LOST = new Failure("The connection to the media server was lost; start again",
			"unreachable");

	static final Failure SHUTTING_DOWN = new Failure("The server is shutting down; start again in a moment",
			"shutdown");

	// What to check when media never connects: the usual causes in a container set-up, in the words of its settings.
	private static final String MEDIA_HINT = "check that the media server's UDP ports (KMS_MIN_PORT to KMS_MAX_PORT)"
			+ " are open and reachable from your browser, that KMS_EXTERNAL_IPV4 is an address your browser can reach,"
			+ " or use a TURN server (KMS_TURN_URL)";

	static final Failure ICE_FAILED = new Failure(
			"The media connection failed: the browser and the media server found no network path to each other; "
					+ MEDIA_HINT,
			"ice-failed");

	static Failure noMedia(java.time.Duration timeout) {
		String within = timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
		return new Failure("No media from your browser reached the media server within " + within + "; " + MEDIA_HINT,
				"no-media");
	}

	static Failure of(Throwable failure) {
		for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
			if (t.getMessage() != null && t.getMessage().contains(CONNECTION_CLOSED)) {
				return CONNECTION_LOST;
			}
		}
		if (find(failure, MediaServerConnectionLostException.class) != null) {
			return CONNECTION_LOST;
		}
		MediaServerUnavailableException unavailable = find(failure, MediaServerUnavailableException.class);
		if (unavailable != null) {
			return new Failure(unavailable.getMessage(), unavailable.reason());
		}
		if (find(failure, TimeoutException.class) != null) {
			return new Failure("The media server did not answer in time; try again", "timeout");
		}
		KurentoServerException server = find(failure, KurentoServerException.class);
		if (server != null) {
			return switch (server.getCode()) {
				case 40201 -> new Failure("The media server could not read the SDP offer", "rejected");
				case 40208 -> new Failure("The SDP offer was negotiated already", "rejected");
				case 40108 -> new Failure("The media server lacks a module this application needs", "rejected");
				default -> new Failure("The media server could not set up the session (error " + server.getCode() + ")",
						"rejected");
			};
		}
		return new Failure("The media server could not set up the session", "failed");
	}

	/** @return whether the media server itself answered with this failure, rather than not answering at all */
	static boolean answeredByMediaServer(Throwable failure) {
		return find(failure, KurentoServerException.class) != null;
	}

	private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
		for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
			if (type.isInstance(t)) {
				return type.cast(t);
			}
		}
		return null;
	}
}
