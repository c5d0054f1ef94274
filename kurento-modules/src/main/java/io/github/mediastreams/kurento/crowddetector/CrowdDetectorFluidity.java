package io.github.mediastreams.kurento.crowddetector;

import java.time.Instant;
import java.util.Objects;

import io.github.mediastreams.kurento.events.EventData;
import io.github.mediastreams.kurento.events.EventType;

/**
 * How freely the people of a region move, KMS's {@code CrowdDetectorFluidity}: raised when the region's level has
 * changed and held (see {@link RegionOfInterestConfig}).
 *
 * @param roiId the region's id
 * @param fluidityPercentage the fluidity of the region, 0 to 100, as KMS wrote it
 * @param fluidityLevel the level, 0 to 3
 * @param seenAt when KMS raised it ({@code timestampMillis})
 * @param source the id of the filter that raised it
 */
public record CrowdDetectorFluidity(String roiId, double fluidityPercentage, int fluidityLevel, Instant seenAt,
		String source) {

	/** The event type, to subscribe with. */
	public static final EventType<CrowdDetectorFluidity> TYPE = new EventType<>("CrowdDetectorFluidity",
			CrowdDetectorFluidity::of);

	/**
	 * Checks the parts that are objects are given.
	 * @param roiId the region's id
	 * @param fluidityPercentage the fluidity of the region
	 * @param fluidityLevel the level
	 * @param seenAt when KMS raised it
	 * @param source the id of the filter that raised it
	 */
	public CrowdDetectorFluidity {
		Objects.requireNonNull(roiId, "roiId");
		Objects.requireNonNull(seenAt, "seenAt");
		Objects.requireNonNull(source, "source");
	}

	private static CrowdDetectorFluidity of(EventData data) {
		return new CrowdDetectorFluidity(data.text("roiId"), data.decimal("fluidityPercentage"),
				data.integer("fluidityLevel"), data.seenAt(), data.source());
	}
}
