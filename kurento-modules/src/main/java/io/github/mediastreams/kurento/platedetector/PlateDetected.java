package io.github.mediastreams.kurento.platedetector;

import java.time.Instant;
import java.util.Objects;

import io.github.mediastreams.kurento.events.EventData;
import io.github.mediastreams.kurento.events.EventType;

/**
 * A plate a {@link PlateDetectorFilter} read: KMS's {@code PlateDetected} event.
 *
 * <p>
 * KMS 7.3 writes {@code -} for each character it did not read ({@code --2748DKR}), sends the time as a string of
 * epoch milliseconds, and names the data's own {@code type} {@code plate-detected}.
 *
 * @param plate the plate as KMS read it, {@code -} for unread characters
 * @param seenAt when KMS read it ({@code timestampMillis})
 * @param source the id of the filter that read it
 */
public record PlateDetected(String plate, Instant seenAt, String source) {

	/** The event type, to subscribe with. */
	public static final EventType<PlateDetected> TYPE = new EventType<>("PlateDetected", PlateDetected::of);

	/**
	 * Checks every part is given.
	 * @param plate the plate as KMS read it
	 * @param seenAt when KMS read it
	 * @param source the id of the filter that read it
	 */
	public PlateDetected {
		Objects.requireNonNull(plate, "plate");
		Objects.requireNonNull(seenAt, "seenAt");
		Objects.requireNonNull(source, "source");
	}

	private static PlateDetected of(EventData data) {
		return new PlateDetected(data.text("plate"), data.seenAt(), data.source());
	}
}
