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

	public IceCandidate {
		Objects.requireNonNull(candidate, "candidate");
	}
}
