package io.github.mediastreams.context;

import java.time.Instant;

/**
 * Raises context updates in a FIWARE Context Broker for what the media pipeline detected.
 *
 * <p>Every method returns at once: the update is queued and sent by a background worker, so a slow or
 * unreachable broker never holds up a media session. Updates that cannot be queued (the queue is
 * full) or delivered (after the configured retries) are logged and counted, never thrown at the
 * caller.
 *
 * <p>The auto-configuration provides one bean of this type: a real publisher when
 * {@code context-broker.url} ({@code CONTEXT_BROKER_URL}) is set, otherwise {@link #disabled()}.
 * Deciding whether a repeated detection is worth reporting is the caller's job: see
 * {@link RepeatThrottle}.
 */
public interface ContextPublisher {

    /**
     * Reports that the camera read a vehicle plate: the camera entity gets the plate (without the
     * detector's placeholders) and the observation time. A plate of which nothing was read is ignored.
     *
     * @param plate the plate as read by the detector
     * @param observedAt when it was seen (the KMS event's timestamp)
     */
    void plateRead(Plate plate, Instant observedAt);

    /**
     * Reports a {@code CrowdDetectorOccupancy} event of one region of interest.
     *
     * @param roiId the region of interest's id, as configured in the {@code CrowdDetectorFilter}
     * @param percentage {@code occupancyPercentage}: how much of the region is occupied, 0 to 100
     * @param level {@code occupancyLevel}: the detector's occupancy level
     * @param observedAt when it was observed
     */
    void crowdOccupancy(String roiId, double percentage, int level, Instant observedAt);

    /**
     * Reports a {@code CrowdDetectorFluidity} event of one region of interest.
     *
     * @param roiId the region of interest's id, as configured in the {@code CrowdDetectorFilter}
     * @param percentage {@code fluidityPercentage}: how freely the crowd moves, 0 to 100
     * @param level {@code fluidityLevel}: the detector's fluidity level
     * @param observedAt when it was observed
     */
    void crowdFluidity(String roiId, double percentage, int level, Instant observedAt);

    /**
     * The publisher used when no Context Broker is configured: it ignores everything and sends nothing.
     *
     * @return a stateless publisher that does nothing
     */
    static ContextPublisher disabled() {
        return DisabledContextPublisher.INSTANCE;
    }
}
