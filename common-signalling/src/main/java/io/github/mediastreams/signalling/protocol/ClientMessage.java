package io.github.mediastreams.signalling.protocol;

import java.util.Objects;

/**
 * A message from the browser to the application server. The JSON {@code id} of each message is the one the
 * Kurento tutorials use.
 */
public sealed interface ClientMessage {

	/**
	 * {@code {"id":"start","sdpOffer":"...","restartOnMediaServerLoss":true}}: build the media pipeline and
	 * negotiate with this offer.
	 *
	 * @param sdpOffer the browser's SDP offer
	 * @param restartOnMediaServerLoss whether the page starts again by itself when its media server is lost: it then
	 *        gets {@code mediaServerLost} instead of an {@code error}
	 */
	record Start(String sdpOffer, boolean restartOnMediaServerLoss) implements ClientMessage {
		public Start {
			Objects.requireNonNull(sdpOffer, "sdpOffer");
		}

		/** @param sdpOffer the browser's SDP offer, from a page that does not start again by itself */
		public Start(String sdpOffer) {
			this(sdpOffer, false);
		}
	}

	/**
	 * {@code {"id":"onIceCandidate","candidate":{...}}}: a candidate gathered by the browser (trickle ICE).
	 *
	 * @param candidate the candidate
	 */
	record OnIceCandidate(IceCandidate candidate) implements ClientMessage {
		public OnIceCandidate {
			Objects.requireNonNull(candidate, "candidate");
		}
	}

	/** {@code {"id":"stop"}}: release the session's media objects. */
	record Stop() implements ClientMessage {
	}
}
