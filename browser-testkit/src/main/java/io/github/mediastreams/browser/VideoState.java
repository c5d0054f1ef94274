package io.github.mediastreams.browser;

import java.util.Map;

/**
 * A {@code <video>} element at one moment, as read by {@link HeadlessChromium#video(String)}.
 * A video plays when {@code videoWidth > 0} and {@code currentTime} advances between two reads.
 *
 * @param videoWidth intrinsic width of the current frame, 0 before the first frame
 * @param videoHeight intrinsic height of the current frame, 0 before the first frame
 * @param currentTime playback position in seconds
 * @param readyState the HTMLMediaElement readyState (4: enough data)
 * @param paused whether playback is paused
 * @param hasStream whether a MediaStream is attached ({@code srcObject})
 */
public record VideoState(long videoWidth, long videoHeight, double currentTime, long readyState,
        boolean paused, boolean hasStream) {

    static VideoState from(Map<String, Object> raw) {
        return new VideoState(
                ((Number) raw.get("videoWidth")).longValue(),
                ((Number) raw.get("videoHeight")).longValue(),
                ((Number) raw.get("currentTime")).doubleValue(),
                ((Number) raw.get("readyState")).longValue(),
                Boolean.TRUE.equals(raw.get("paused")),
                Boolean.TRUE.equals(raw.get("hasStream")));
    }
}
