package io.github.mediastreams.signalling.protocol;

import java.util.Objects;

/**
 * An ICE candidate as browsers serialise {@code RTCIceCandidate.toJSON()}, in both directions of the
 * signalling protocol.
 *
 * @param candidate the candidate line, e.g. {@code candidate:1 1 UDP 2015364095 127.0.0.1 56208 typ host}
 * @param sdpMid the media stream identification of the m-line the candidate belongs to
 * @param sdpMLineIndex the index of that m-line in the SDP
 */
public record IceCandidate(String candidate, String sdpMid, int sdpMLineIndex) {

	/**
	 * The longest candidate line taken from a browser: real ones are about 100 to 250 characters, extensions
	 * included; each is passed on to the media server, so a longer one is refused rather than sent.
	 */
	public static final int MAX_LINE_LENGTH = 1024;

	/** The longest {@code sdpMid} taken from a browser; browsers use "0", "1"… or short names. */
	public static final int MAX_MID_LENGTH = 64;

	public IceCandidate {
		Objects.requireNonNull(candidate, "candidate");
	}
}
