package io.github.mediastreams.kurento.crowddetector;

import java.time.Instant;
import java.util.Objects;

import io.github.mediastreams.kurento.events.EventData;
import io.github.mediastreams.kurento.events.EventType;

/**
 * Which way the people of a region move, KMS's {@code CrowdDetectorDirection}: raised only for regions whose config
 * has {@code sendOpticalFlowEvent}, when a new direction has held (see {@link RegionOfInterestConfig}).
 *
 * @param roiId the region's id
 * @param directionAngle the direction in degrees, as KMS wrote it: left 0, up 90, right 180, down 270, turned by
 * the region's {@code opticalFlowAngleOffset}
 * @param seenAt when KMS raised it ({@code timestampMillis})
 * @param source the id of the filter that raised it
 */
public record CrowdDetectorDirection(String roiId, double directionAngle, Instant seenAt, String source) {

	/** The event type, to subscribe with. */
	public static final EventType<CrowdDetectorDirection> TYPE = new EventType<>("CrowdDetectorDirection",
			CrowdDetectorDirection::of);

	/**
	 * Checks the parts that are objects are given.
	 * @param roiId the region's id
	 * @param directionAngle the direction in degrees
	 * @param seenAt when KMS raised it
	 * @param source the id of the filter that raised it
	 */
	public CrowdDetectorDirection {
		Objects.requireNonNull(roiId, "roiId");
		Objects.requireNonNull(seenAt, "seenAt");
		Objects.requireNonNull(source, "source");
	}

	private static CrowdDetectorDirection of(EventData data) {
		return new CrowdDetectorDirection(data.text("roiId"), data.decimal("directionAngle"), data.seenAt(),
				data.source());
	}
}
