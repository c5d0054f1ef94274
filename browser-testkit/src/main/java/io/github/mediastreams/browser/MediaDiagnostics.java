package io.github.mediastreams.browser;

import java.util.List;
import java.util.Map;

/**
 * The diagnostic record a Media Streams page keeps on {@code window.mediaSession} (see
 * {@code media-streams.js}), as read by {@link HeadlessChromium#diagnostics()}.
 *
 * @param state the session state: idle, starting, started or stopped
 * @param stateHistory every state the page's session has been in, in order
 * @param mediaStateHistory every media state of the current run as the page's RTCPeerConnection saw it
 *     (connecting, connected, failed), in order
 * @param serverMediaStates the {@code mediaState} messages of the current run (connecting, connected, failed)
 * @param offerSent the {@code start} message with the SDP offer was sent
 * @param answerApplied {@code setRemoteDescription} of the server's answer succeeded
 * @param localCandidatesSent browser ICE candidates sent as {@code onIceCandidate}
 * @param remoteCandidatesAdded server ICE candidates accepted by {@code addIceCandidate}
 * @param remoteCandidatesFailed server ICE candidates {@code addIceCandidate} rejected
 * @param signalingState the RTCPeerConnection's signalingState (null before the first start)
 * @param iceConnectionState the RTCPeerConnection's iceConnectionState (null before the first start)
 * @param webSocket connecting, open, closing, closed, or null when there is none
 * @param restarts how often the page started again by itself after its media server was lost
 * @param lastError the last error shown, or null
 * @param audio whether an audio track is sent (false: the video-only fallback)
 * @param callStats the latest call-quality reading of the page's panel ({@code call-stats.js}: {@code sent} and
 *     {@code received}, each with {@code bitrate}, {@code framesPerSecond}, {@code width}, {@code height},
 *     {@code frames}, {@code codec}, {@code packetsLost}, {@code jitter}; {@code roundTripTime},
 *     {@code candidatePair}), as maps; empty before the first reading
 * @param callStatsReadings how many readings the current run has taken
 */
public record MediaDiagnostics(
        String state,
        List<String> stateHistory,
        List<String> mediaStateHistory,
        List<String> serverMediaStates,
        boolean offerSent,
        boolean answerApplied,
        long localCandidatesSent,
        long remoteCandidatesAdded,
        long remoteCandidatesFailed,
        String signalingState,
        String iceConnectionState,
        String webSocket,
        long restarts,
        String lastError,
        boolean audio,
        Map<String, Object> callStats,
        long callStatsReadings) {

    static MediaDiagnostics from(Map<String, Object> raw) {
        return new MediaDiagnostics(
                string(raw.get("state")),
                strings(raw.get("stateHistory")),
                strings(raw.get("mediaStateHistory")),
                strings(raw.get("serverMediaStates")),
                Boolean.TRUE.equals(raw.get("offerSent")),
                Boolean.TRUE.equals(raw.get("answerApplied")),
                number(raw.get("localCandidatesSent")),
                number(raw.get("remoteCandidatesAdded")),
                number(raw.get("remoteCandidatesFailed")),
                string(raw.get("signalingState")),
                string(raw.get("iceConnectionState")),
                string(raw.get("webSocket")),
                number(raw.get("restarts")),
                string(raw.get("lastError")),
                Boolean.TRUE.equals(raw.get("audio")),
                raw.get("callStats") instanceof Map<?, ?> stats ? HeadlessBrowser.asMap(stats) : Map.of(),
                number(raw.get("callStatsReadings")));
    }

    /**
     * One figure of {@link #callStats()} by its path, e.g. {@code sent.bitrate} or {@code roundTripTime}.
     *
     * @return the figure, or null when there is none (yet)
     */
    public Object callStat(String path) {
        Object value = this.callStats;
        for (String key : path.split("\\.")) {
            value = value instanceof Map<?, ?> map ? map.get(key) : null;
        }
        return value;
    }

    private static List<String> strings(Object value) {
        return value instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
    }

    private static String string(Object value) {
        return value == null ? null : value.toString();
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }
}
