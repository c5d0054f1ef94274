package io.github.mediastreams.kurento.crowddetector;

import java.time.Instant;
import java.util.Objects;

import io.github.mediastreams.kurento.events.EventData;
import io.github.mediastreams.kurento.events.EventType;

/**
 * How full of people a region is, KMS's {@code CrowdDetectorOccupancy}: raised when the region's level has changed
 * and held (see {@link RegionOfInterestConfig}).
 *
 * @param roiId the region's id
 * @param occupancyPercentage the share of the region occupied, 0 to 100, as KMS wrote it
 * @param occupancyLevel the level, 0 to 3
 * @param seenAt when KMS raised it ({@code timestampMillis})
 * @param source the id of the filter that raised it
 */
public record CrowdDetectorOccupancy(String roiId, double occupancyPercentage, int occupancyLevel, Instant seenAt,
		String source) {

	/** The event type, to subscribe with. */
	public static final EventType<CrowdDetectorOccupancy> TYPE = new EventType<>("CrowdDetectorOccupancy",
			CrowdDetectorOccupancy::of);

	/**
	 * Checks the parts that are objects are given.
	 * @param roiId the region's id
	 * @param occupancyPercentage the share of the region occupied
	 * @param occupancyLevel the level
	 * @param seenAt when KMS raised it
	 * @param source the id of the filter that raised it
	 */
	public CrowdDetectorOccupancy {
		Objects.requireNonNull(roiId, "roiId");
		Objects.requireNonNull(seenAt, "seenAt");
		Objects.requireNonNull(source, "source");
	}

	private static CrowdDetectorOccupancy of(EventData data) {
		return new CrowdDetectorOccupancy(data.text("roiId"), data.decimal("occupancyPercentage"),
				data.integer("occupancyLevel"), data.seenAt(), data.source());
	}
}
