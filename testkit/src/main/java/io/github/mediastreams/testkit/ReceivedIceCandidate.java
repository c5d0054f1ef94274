package io.github.mediastreams.testkit;

/**
 * A remote ICE candidate an endpoint received through {@code addIceCandidate}, exactly as the
 * client sent it (KMS accepts even unparsable candidate strings, and so does the double).
 *
 * @param candidate the {@code candidate:...} string
 * @param sdpMid the media stream id, may be null
 * @param sdpMLineIndex the m-line index, or -1 when the client sent none
 */
public record ReceivedIceCandidate(String candidate, String sdpMid, int sdpMLineIndex) {
}
